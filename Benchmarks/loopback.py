"""Loopback helpers of the benchmark scripts: servers listen on 127.0.0.1 and a free port."""
import socket
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, tries=300):
    """Waits (0.1 s a try) until something accepts on `port`; exits the script if nothing ever does."""
    for _ in range(tries):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"port {port} never opened")
