// A .NET pipe client for DotNetInteropTests: connects with NamedPipeClientStream, sends a line,
// a file's bytes and their SHA-256, then reads the reply until end of stream into a file.
// Usage: mono DotNetPipeClient.exe <None|CurrentUserOnly> <pipe name> <file to send> <file for the reply>
using System;
using System.IO;
using System.IO.Pipes;
using System.Security.Cryptography;
using System.Text;

static class DotNetPipeClient {

	static int Main(string[] args) {
		var options = (PipeOptions) Enum.Parse(typeof(PipeOptions), args[0]);
		byte[] upload = File.ReadAllBytes(args[2]);
		using (var pipe = new NamedPipeClientStream(".", args[1], PipeDirection.InOut, options)) {
			pipe.Connect(20000);
			Write(pipe, Encoding.ASCII.GetBytes("hello from .NET\n"));
			Write(pipe, upload);
			Write(pipe, Encoding.ASCII.GetBytes("sha256 " + Sha256(upload) + "\n"));
			pipe.Flush();
			var reply = new MemoryStream();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = pipe.Read(buffer, 0, buffer.Length)) > 0) {
				reply.Write(buffer, 0, read);
			}
			File.WriteAllBytes(args[3], reply.ToArray());
			Console.WriteLine("received " + reply.Length + " bytes, sha256 " + Sha256(reply.ToArray()) + ", end of stream");
		}
		return 0;
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
