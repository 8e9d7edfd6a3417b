// An HTTP/1.1 client over NamedPipeClientStream for AbstractNamedPipeServerConnectorTests: on
// one connection, POSTs a file to /upload and GETs /peer with "Connection: close" (pipelined),
// then copies every byte the server sends to stdout until end of stream.
// Usage: mono DotNetHttpClient.exe <pipe name or absolute socket path> <file to upload>
using System;
using System.IO;
using System.IO.Pipes;
using System.Text;

static class DotNetHttpClient {

	static int Main(string[] args) {
		byte[] body = File.ReadAllBytes(args[1]);
		using (var pipe = new NamedPipeClientStream(".", args[0], PipeDirection.InOut, PipeOptions.CurrentUserOnly)) {
			pipe.Connect(20000);
			Write(pipe, "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
					+ "Content-Length: " + body.Length + "\r\n\r\n");
			pipe.Write(body, 0, body.Length);
			Write(pipe, "GET /peer HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			pipe.Flush();
			using (Stream stdout = Console.OpenStandardOutput()) {
				pipe.CopyTo(stdout);
			}
		}
		return 0;
	}

	static void Write(Stream stream, string text) {
		byte[] bytes = Encoding.ASCII.GetBytes(text);
		stream.Write(bytes, 0, bytes.Length);
	}

}
