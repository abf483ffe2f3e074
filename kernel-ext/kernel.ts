// The labops Jupyter kernel: tslab's wire protocol server with a handler of our own, so magics run, the last
// value comes back as execute_result with a rich bundle, errors reach Jupyter as errors (iopub `error` and
// ename/evalue/traceback in the reply), clear_output works and comm_info is answered correctly.
// Started by the kernelspec `labops kernel install` writes: node kernel.js --config-path {connection_file}

import { TextDecoder } from "node:util";
import * as jupyter from "tslab/dist/jupyter";
import { printQuickInfo } from "tslab/dist/inspect";
import { flush } from "../src/tracking/fluent";
import { setDisplaySink, type DisplaySink, type MimeBundle } from "../widgets";
import { InterruptWatchdog } from "./interrupt-watchdog";
import { SourceNameTracker } from "./notebook-path";
import { NotebookSession } from "./session";

type ZmqMessage = Parameters<jupyter.ZmqServer["handleExecute"]>[1];
type Send = (msgType: string, content: object) => void;
type WriteStream = (name: string, text: string) => void;
type WriteDisplayData = ((data: object, update: boolean) => void) & { sendIopub?: Send };

interface ExecuteRequest {
  code: string;
  silent?: boolean;
  stop_on_error?: boolean;
}

const decoder = new TextDecoder();

/** Answers Jupyter's shell requests from a NotebookSession; one cell runs at a time, in arrival order. */
export class LabopsHandler {
  private execCount = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped when a cell fails with stop_on_error: requests queued before that are aborted, as in ipykernel. */
  private abortGeneration = 0;

  constructor(
    private readonly session: NotebookSession,
    /** Follows the notebook's path through renames, for mlflow.source.name. */
    private readonly sourceName: SourceNameTracker | null = null,
  ) {}

  handleKernel() {
    return {
      protocol_version: "5.3",
      implementation: "labops",
      implementation_version: require("../../package.json").version as string,
      language_info: {
        name: "typescript",
        version: "5.0",
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
      },
      banner: "labops: TypeScript with ML-ops magics (%lsmagic lists them)",
      help_links: [],
      status: "ok",
    };
  }

  handleExecute(req: ExecuteRequest, writeStream: WriteStream, writeDisplayData: WriteDisplayData): Promise<object> {
    const generation = this.abortGeneration;
    const task = this.queue.then(() =>
      generation < this.abortGeneration ? { status: "aborted" } : this.execute(req, writeStream, writeDisplayData),
    );
    this.queue = task.catch(() => undefined);
    return task;
  }

  private async execute(req: ExecuteRequest, writeStream: WriteStream, writeDisplayData: WriteDisplayData): Promise<object> {
    const send = writeDisplayData.sendIopub!;
    // Output goes to the cell that is running; late async output lands in whichever cell runs then (as in ipykernel).
    process.stdout.write = streamTo("stdout", writeStream);
    process.stderr.write = streamTo("stderr", writeStream);
    (jupyter as { lastWriteDisplayData: unknown }).lastWriteDisplayData = writeDisplayData; // tslab's display API
    setDisplaySink(kernelSink(send));
    const count = ++this.execCount;
    await this.sourceName?.refresh();
    const outcome = await this.session.execute(req.code);
    if (outcome.result && !req.silent) send("execute_result", { execution_count: count, data: outcome.result, metadata: {} });
    if (outcome.ok) return { status: "ok", execution_count: count, user_expressions: {}, payload: [] };
    send("error", outcome.error!);
    if (req.stop_on_error !== false) this.abortGeneration++;
    return { status: "error", execution_count: count, ...outcome.error };
  }

  handleIsComplete(req: { code: string }) {
    const r = this.session.isComplete(req.code);
    return r.completed ? { status: "complete" } : { status: "incomplete", indent: r.indent ?? "" };
  }

  handleInspect(req: { code: string; cursor_pos: number }) {
    const info = this.session.inspect(req.code, req.cursor_pos);
    if (!info) return { status: "ok", found: false, data: {}, metadata: {} };
    return { status: "ok", found: true, data: { "text/plain": printQuickInfo(info) }, metadata: {} };
  }

  handleComplete(req: { code: string; cursor_pos: number }) {
    const info = this.session.complete(req.code, req.cursor_pos);
    return { status: "ok", cursor_start: info.start, cursor_end: info.end, matches: info.candidates, metadata: {} };
  }

  handleShutdown(req: { restart?: boolean }) {
    return { status: "ok", restart: req.restart ?? false };
  }

  /**
   * Before a shutdown or restart: runs still active end KILLED, as MLflow marks a run whose process was
   * stopped, and buffered metrics are written. A failure is reported on stderr and does not stop the shutdown.
   */
  async beforeShutdown(): Promise<void> {
    try {
      await this.session.endActiveRuns("KILLED");
      await flush();
    } catch (e) {
      console.error("labops kernel: could not end the active runs before shutting down:", e);
    }
  }

  close(): void {
    this.session.close();
  }
}

function streamTo(name: "stdout" | "stderr", writeStream: WriteStream): typeof process.stdout.write {
  return ((chunk: string | Uint8Array) => {
    writeStream(name, typeof chunk === "string" ? chunk : decoder.decode(chunk));
    return true;
  }) as typeof process.stdout.write;
}

function kernelSink(send: Send): DisplaySink {
  return {
    display: (data: MimeBundle, displayId?: string) => send("display_data", { data, metadata: {}, transient: displayId ? { display_id: displayId } : {} }),
    update: (data: MimeBundle, displayId: string) => send("update_display_data", { data, metadata: {}, transient: { display_id: displayId } }),
    clear: (wait = false) => send("clear_output", { wait }),
  };
}

/**
 * zeromq.js 6 allows one send in flight per socket and rejects the next with EBUSY; tslab sends without
 * waiting, so under load a message (an execute_reply, an idle status) is silently lost and the client hangs.
 * Queueing each socket's sends fixes that. The queue moves on from the send's own promise, never through a
 * chain of promises: when an interrupt stops a looping cell, V8 drops the microtasks queued beside it, and
 * a chain whose link was dropped would never send again.
 */
function withQueuedSends<T extends object>(socket: T & { send(frames: unknown): Promise<void> }): T {
  const waiting: { frames: unknown; done: () => void }[] = [];
  let busy = false;
  const pump = (): void => {
    const next = waiting.shift();
    if (!next) return void (busy = false);
    busy = true;
    const after = (): void => {
      next.done();
      pump();
    };
    socket.send(next.frames).then(after, (e: unknown) => {
      console.error("labops kernel: send failed:", e);
      after();
    });
  };
  const queued = (frames: unknown): Promise<void> =>
    new Promise<void>((done) => {
      waiting.push({ frames, done });
      if (!busy) pump();
    });
  // zeromq's sockets are sealed: wrap rather than patch.
  return new Proxy(socket, {
    get: (target, prop) => {
      if (prop === "send") return queued;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** tslab's server, with sends that are never lost, a raw iopub sender per request and a correct comm_info_reply. */
class LabopsServer extends jupyter.ZmqServer {
  override async init(): Promise<void> {
    await super.init();
    // The receive loops already hold the sockets; everything that sends looks them up here.
    this.iopub = withQueuedSends(this.iopub);
    this.shell = withQueuedSends(this.shell);
    this.control = withQueuedSends(this.control);
    this.hb = withQueuedSends(this.hb);
  }

  override async handleExecute(sock: unknown, msg: ZmqMessage): Promise<void> {
    const send: Send = (msgType, content) => {
      const m = msg.createReply();
      m.header.msg_type = msgType;
      m.content = content;
      m.signAndSend(this.connInfo.key, this.iopub);
    };
    const writeStream: WriteStream = (name, text) => send("stream", { name, text });
    const writeDisplayData: WriteDisplayData = (data, update) => send(update ? "update_display_data" : "display_data", data);
    writeDisplayData.sendIopub = send;
    const reply = msg.createReply();
    reply.header.msg_type = "execute_reply";
    reply.content = await (this.handler as unknown as LabopsHandler).handleExecute(msg.content as ExecuteRequest, writeStream, writeDisplayData);
    reply.signAndSend(this.connInfo.key, sock);
  }

  private shuttingDown: Promise<void> | null = null;

  // tslab replies at once, then closes the sockets and lets the process end: runs still active would stay RUNNING.
  override handleShutdown(sock: Parameters<jupyter.ZmqServer["handleShutdown"]>[0], msg: ZmqMessage): void {
    this.shuttingDown = (this.handler as unknown as LabopsHandler).beforeShutdown().then(() => super.handleShutdown(sock, msg));
  }

  override close(): void {
    if (!this.shuttingDown) return super.close();
    void this.shuttingDown.then(() => {
      super.close();
      // A cell still awaiting (timers, sockets) would keep the process alive: Jupyter asked it to end.
      setTimeout(() => process.exit(0), 500).unref();
    });
  }

  // tslab answers with msg_type "complete_reply"; Jupyter expects a comm_info_reply (no comms are open).
  override handleCommInfoRequest(sock: Parameters<jupyter.ZmqServer["handleCommInfoRequest"]>[0], msg: ZmqMessage): void {
    const reply = msg.createReply();
    reply.header.msg_type = "comm_info_reply";
    reply.content = { status: "ok", comms: {} };
    reply.signAndSend(this.connInfo.key, sock);
  }
}

export async function startKernel(configPath: string): Promise<void> {
  process.env.LABOPS_SOURCE_TYPE ??= "NOTEBOOK";
  if (process.env.JPY_SESSION_NAME) process.env.LABOPS_SOURCE_NAME ??= process.env.JPY_SESSION_NAME;
  const session = new NotebookSession(process.cwd());
  session.watchdog = new InterruptWatchdog().start();
  await session.start();
  const handler = new LabopsHandler(session, new SourceNameTracker(configPath));
  const server = new LabopsServer(handler as unknown as ConstructorParameters<typeof jupyter.ZmqServer>[0], configPath);
  // Jupyter interrupts with SIGINT (interrupt_mode "signal"): a sync cell breaks at once, an async one rejects.
  process.on("SIGINT", () => session.interrupt());
  process.on("uncaughtException", (e) => console.error("labops kernel: uncaught exception:", e));
  process.on("unhandledRejection", (e) => console.error("labops kernel: unhandled rejection:", e));
  await server.init();
}

if (require.main === module) {
  const i = process.argv.indexOf("--config-path");
  const configPath = i >= 0 ? process.argv[i + 1] : undefined;
  if (!configPath) {
    console.error("usage: kernel.js --config-path CONNECTION_FILE (Jupyter starts this; see 'labops kernel install')");
    process.exitCode = 2;
  } else {
    startKernel(configPath).catch((e) => {
      console.error(`labops kernel failed to start: ${(e as Error).stack ?? e}`);
      process.exit(1);
    });
  }
}
