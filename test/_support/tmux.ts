/**
 * A terminal for the live view's tests: a detached tmux session on a private server socket,
 * driven with send-keys and read with capture-pane, every wait bounded in time.
 */
const STEP_MS = 100;

export interface Tmux {
  /** Types `keys` (tmux key names, as send-keys takes them). */
  keys(...keys: string[]): Promise<void>;
  /** Types `text` literally, then Enter. */
  line(text: string): Promise<void>;
  /** The screen's lines as plain text. */
  screen(): Promise<string[]>;
  /** The screen once `ready` holds for it; throws with the last screen after `timeoutMs`. */
  until(ready: (lines: readonly string[]) => boolean, timeoutMs?: number, what?: string): Promise<string[]>;
  resize(width: number, height: number): Promise<void>;
  kill(): Promise<void>;
}

async function tmux(socket: string, args: readonly string[]): Promise<string> {
  const proc = Bun.spawn(["tmux", "-L", socket, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
  try {
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) throw new Error(`Cannot run tmux ${args.join(" ")}: ${err.trim()}`);
    return out;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts `command` (one shell word list) in a new session of `width` x `height` cells. */
export async function startTmux(socket: string, width: number, height: number, command: readonly string[]): Promise<Tmux> {
  await tmux(socket, ["-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", String(width), "-y", String(height), ...command]);
  const t: Tmux = {
    keys: async (...keys) => void (await tmux(socket, ["send-keys", "-t", "main", ...keys])),
    line: async (text) => {
      await tmux(socket, ["send-keys", "-t", "main", "-l", text]);
      await tmux(socket, ["send-keys", "-t", "main", "Enter"]);
    },
    screen: async () => (await tmux(socket, ["capture-pane", "-t", "main", "-p"])).replace(/\n$/, "").split("\n"),
    until: async (ready, timeoutMs = 10_000, what = "the screen") => {
      const deadline = Date.now() + timeoutMs;
      let lines = await t.screen();
      while (!ready(lines)) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; the screen was:\n${lines.join("\n")}`);
        await Bun.sleep(STEP_MS);
        lines = await t.screen();
      }
      return lines;
    },
    resize: async (w, h) => void (await tmux(socket, ["resize-window", "-t", "main", "-x", String(w), "-y", String(h)])),
    kill: async () => {
      await tmux(socket, ["kill-server"]).catch(() => "");
    },
  };
  return t;
}
