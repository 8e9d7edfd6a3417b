# Python's http.server on a Unix socket: GET answers the Host header and the connection's
# request count, POST echoes its body (Content-Length). HTTP/1.1 with keep-alive.
import http.server
import os
import socketserver
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.served = 0

    def do_GET(self):
        self.served += 1
        self.answer(f"python {self.headers['Host']} {self.served}".encode())

    def do_POST(self):
        self.served += 1
        self.answer(self.rfile.read(int(self.headers["Content-Length"])))

    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    # the client of a Unix socket has no address to log
    def log_message(self, format, *args):
        pass


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


path = sys.argv[1]
with Server(path, Handler) as server:
    try:
        server.serve_forever()
    finally:
        os.unlink(path)
