// The current process behind self() on Node 20 and 22, carried by V8 itself.
//
// V8 keeps one value per context, the "continuation preserved embedder data", and copies it
// into every promise reaction it creates (an await, a .then): when the reaction runs, the
// value is restored. Node 24 builds AsyncLocalStorage on it; Node 20 and 22 (without
// --experimental-async-context-frame) leave it unused, so beamish stores the running process
// there. This replaces the promise hooks it used before, which ran JavaScript for every
// promise and made V8 allocate an extra promise for every await (see docs/ARCHITECTURE.md,
// "Ambient self()").
//
// Unhandled rejections: a process owns the promises its code rejects. Node's own reject
// callback is wrapped so that, at the moment a promise is rejected with no handler, the
// process then running is written on the promise (a private symbol); Node's callback then
// does what it always does, and the runtime's 'unhandledRejection' listener reads the owner.
#include <node.h>
#include <v8.h>
#ifndef _WIN32
#include <dlfcn.h>
#endif

namespace {

using v8::Context;
using v8::FunctionCallbackInfo;
using v8::FunctionTemplate;
using v8::Isolate;
using v8::Local;
using v8::Object;
using v8::Private;
using v8::Promise;
using v8::PromiseRejectMessage;
using v8::String;
using v8::Value;

using RejectCallback = void (*)(PromiseRejectMessage);

RejectCallback node_reject = nullptr;

// Per isolate (the main thread and each worker have their own); V8 caches it by name.
Local<Private> OwnerKey(Isolate* isolate) {
  return Private::ForApi(isolate, String::NewFromUtf8Literal(isolate, "beamish.owner"));
}

void Get(const FunctionCallbackInfo<Value>& info) {
  info.GetReturnValue().Set(info.GetIsolate()->GetCurrentContext()->GetContinuationPreservedEmbedderData());
}

void Set(const FunctionCallbackInfo<Value>& info) {
  info.GetIsolate()->GetCurrentContext()->SetContinuationPreservedEmbedderData(info[0]);
}

void OnReject(PromiseRejectMessage message) {
  if (message.GetEvent() == v8::kPromiseRejectWithNoHandler) {
    Local<Promise> promise = message.GetPromise();
    Isolate* isolate = promise->GetIsolate();
    v8::HandleScope scope(isolate);
    Local<Context> context = isolate->GetCurrentContext();
    if (!context.IsEmpty()) {
      Local<Value> owner = context->GetContinuationPreservedEmbedderData();
      // May fail while execution is being terminated (the shell's Ctrl+C): then nothing is
      // pinned, and nothing must abort.
      if (!owner->IsUndefined()) (void)promise->SetPrivate(context, OwnerKey(isolate), owner).FromMaybe(false);
    }
  }
  node_reject(message);
}

// The process that rejected `promise` with no handler, or undefined.
void OwnerOf(const FunctionCallbackInfo<Value>& info) {
  if (!info[0]->IsPromise()) return;
  Isolate* isolate = info.GetIsolate();
  Local<Context> context = isolate->GetCurrentContext();
  Local<Value> owner;
  if (info[0].As<Promise>()->GetPrivate(context, OwnerKey(isolate)).ToLocal(&owner)) info.GetReturnValue().Set(owner);
}

void Export(Local<Context> context, Local<Object> exports, const char* name, v8::FunctionCallback fn) {
  Isolate* isolate = context->GetIsolate();
  Local<v8::Function> f = FunctionTemplate::New(isolate, fn)->GetFunction(context).ToLocalChecked();
  exports->Set(context, String::NewFromUtf8(isolate, name).ToLocalChecked(), f).Check();
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  Isolate* isolate = context->GetIsolate();
#ifndef _WIN32
  // Exported by the node binary (addons link against it), but not part of its API: when it
  // is missing, unhandled rejections could not be pinned on their process, so the runtime
  // does not use this module at all (`ready` false) and falls back to promise hooks.
  if (node_reject == nullptr) {
    node_reject = reinterpret_cast<RejectCallback>(dlsym(RTLD_DEFAULT, "_ZN4node21PromiseRejectCallbackEN2v820PromiseRejectMessageE"));
  }
#endif
  bool ready = node_reject != nullptr;
  // Once per isolate: the main thread and every worker that loads the module.
  if (ready) isolate->SetPromiseRejectCallback(OnReject);
  Local<Object> target = exports.As<Object>();
  target->Set(context, String::NewFromUtf8Literal(isolate, "ready"), v8::Boolean::New(isolate, ready)).Check();
  if (!ready) return;
  Export(context, target, "get", Get);
  Export(context, target, "set", Set);
  Export(context, target, "ownerOf", OwnerOf);
}
