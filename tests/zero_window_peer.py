"""zero_window_peer.py PORT SECONDS: on 127.0.0.1:PORT, a server with a 4 KiB receive
buffer that accepts one connection and never reads it, and a client that writes 2 MB to
it; after SECONDS both end. The server's window closes at once, and the client's kernel
probes it (tests/test_zero_window.sh captures what it sends)."""
import socket
import sys
import threading
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # inherited by the accepted socket
ls.bind(("127.0.0.1", port))
ls.listen(1)


def client():
    c = socket.create_connection(("127.0.0.1", port))
    c.settimeout(seconds + 1)
    try:
        c.sendall(b"x" * 2000000)
    except OSError:
        pass


threading.Thread(target=client, daemon=True).start()
s, _ = ls.accept()
time.sleep(seconds)
