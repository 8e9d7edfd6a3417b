// A .NET pipe server for DotNetInteropTests: creates a NamedPipeServerStream, prints
// "listening", serves one client (reads a line and <bytes> bytes; answers a line, the bytes
// back and their SHA-256), closes the pipe and prints "closed".
// Usage: mono DotNetPipeServer.exe <None|CurrentUserOnly> <pipe name> <bytes>
using System;
using System.IO;
using System.IO.Pipes;
using System.Security.Cryptography;
using System.Text;

static class DotNetPipeServer {

	static int Main(string[] args) {
		var options = (PipeOptions) Enum.Parse(typeof(PipeOptions), args[0]);
		using (var pipe = new NamedPipeServerStream(args[1], PipeDirection.InOut, 1, PipeTransmissionMode.Byte, options)) {
			Console.WriteLine("listening");
			pipe.WaitForConnection();
			string line = ReadLine(pipe);
			byte[] data = ReadExactly(pipe, int.Parse(args[2]));
			Write(pipe, Encoding.ASCII.GetBytes("hello from .NET, you said: " + line + "\n"));
			Write(pipe, data);
			Write(pipe, Encoding.ASCII.GetBytes("sha256 " + Sha256(data) + "\n"));
			pipe.Flush();
		}
		Console.WriteLine("closed");
		return 0;
	}

	static string ReadLine(Stream stream) {
		var line = new StringBuilder();
		for (int b = stream.ReadByte(); b != '\n'; b = stream.ReadByte()) {
			if (b < 0) {
				throw new EndOfStreamException("end of stream in the first line");
			}
			line.Append((char) b);
		}
		return line.ToString();
	}

	static byte[] ReadExactly(Stream stream, int count) {
		byte[] data = new byte[count];
		for (int read = 0; read < count; ) {
			int n = stream.Read(data, read, count - read);
			if (n == 0) {
				throw new EndOfStreamException("end of stream after " + read + " of " + count + " bytes");
			}
			read += n;
		}
		return data;
	}

	static void Write(Stream stream, byte[] bytes) {
		stream.Write(bytes, 0, bytes.Length);
	}

	static string Sha256(byte[] bytes) {
		using (var sha256 = SHA256.Create()) {
			return BitConverter.ToString(sha256.ComputeHash(bytes)).Replace("-", "").ToLowerInvariant();
		}
	}

}
