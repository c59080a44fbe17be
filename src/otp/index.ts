/** OTP behaviours built on the process runtime. Each behaviour has its own file. */
export { GenServer, type GenServerModule, type ModuleRef, type From, type ServerRef, type ServerName, type StartOptions, type StartResult, type InitResult, type CallResult, type NoReplyResult, type Next } from './gen_server.js';
export { sys } from './sys.js';
export { Supervisor, type SupervisorOptions, type SupervisorFlags, type SupervisorInit, type SupervisorModule, type Strategy, type WhichChild, type ChildCounts } from './supervisor.js';
export { DynamicSupervisor, type DynamicSupervisorOptions, type DynamicSupervisorModule } from './dynamic_supervisor.js';
export { type Child, type ChildSpec, type ChildSpecInput, type StartSpec, type Restart, type Shutdown, type ChildType } from './child_spec.js';
export { Reports, setReportHandler, type Report, type ReportKind, type ReportHandler, type ReportLevel } from './reports.js';
export { Registry, type RegistryOptions, type RegistryEntry, type RegistryKeys, type RegistryRef } from './registry.js';
export { Task, type AsyncStreamOptions, type StreamResult, type TaskStream, type TaskSupervisorOptions, type TaskChildOptions, type TaskShutdownOption } from './task.js';
export { Agent, type AgentRef } from './agent.js';
