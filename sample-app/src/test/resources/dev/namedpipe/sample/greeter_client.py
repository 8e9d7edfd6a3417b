# The sample's Greeter called by gRPC's C core (python3-grpcio) over a Unix socket:
#   greeter_client.py <directory of greeter_pb2*.py> <socket path> <name>
# prints the reply's message and caller on a line each.
import sys

sys.path.insert(0, sys.argv[1])

import grpc
import greeter_pb2
import greeter_pb2_grpc

with grpc.insecure_channel("unix:" + sys.argv[2]) as channel:
    reply = greeter_pb2_grpc.GreeterStub(channel).SayHello(greeter_pb2.HelloRequest(name=sys.argv[3]), timeout=60)
print(reply.message)
print(reply.caller)
