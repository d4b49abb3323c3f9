#!/usr/bin/env python3
"""echo_threads.py: a correct echo server in Python (socketserver, a thread per client):
a server in another language for echocheck, which must pass every test without a note.

    python3 echo_threads.py PORT
"""
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(65536)
            if not data:
                break
            self.request.sendall(data)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 128  # a hundred clients connect at once


if __name__ == "__main__":
    Server(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
