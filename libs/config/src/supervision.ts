/**
 * Under `npm start` each process is a child of the launcher. If the launcher dies without stopping its
 * children (SIGKILL, a crashed terminal), a child notices that its parent changed and shuts itself down
 * cleanly instead of running on as an orphan. Outside the launcher (Docker, systemd) nothing changes.
 */
export function stopWhenOrphaned(stop: () => Promise<void>, intervalMs = 2000): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      void stop().finally(() => process.exit(0));
    }
  }, intervalMs);
  timer.unref();
}
