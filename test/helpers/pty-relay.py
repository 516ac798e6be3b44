# Runs a command on a new pseudo-terminal and relays bytes: our stdin -> the terminal, the terminal
# -> our stdout. Exits with the command's status. Used by the REPL/TUI end-to-end tests, so that ebt
# sees a real terminal (isatty, raw mode, window size) exactly as a user's shell gives it.
import fcntl, os, pty, select, struct, sys, termios

rows, cols = int(os.environ.get("PTY_ROWS", "30")), int(os.environ.get("PTY_COLS", "100"))
pid, master = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    os.execvp(sys.argv[1], sys.argv[1:])

inputs = [0, master]
while True:
    try:
        ready, _, _ = select.select(inputs, [], [], 0.1)
    except InterruptedError:
        continue
    if master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            break
        os.write(1, data)
    if 0 in ready:
        data = os.read(0, 65536)
        if not data:
            inputs.remove(0)
        else:
            os.write(master, data)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
