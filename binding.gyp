{
  "targets": [
    {
      "target_name": "beamish_context",
      "sources": ["native/context.cc"],
      "cflags_cc": ["-Wno-cast-function-type"]
    }
  ]
}
