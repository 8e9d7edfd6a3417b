# gRPC's C core (python3-grpcio) calling the standard health service over a Unix socket, with
# raw bytes for messages (an empty HealthCheckRequest is no bytes; no stubs needed):
#   health_client.py <socket path>
# prints "<method> <reply as hex>" or "<method> <status code>" for Check and for Watch's first reply.
import sys

import grpc

def raw(data):
    return data

with grpc.insecure_channel("unix:" + sys.argv[1]) as channel:
    calls = {
        "Check": lambda path: channel.unary_unary(path, request_serializer=raw, response_deserializer=raw)(b"", timeout=30),
        "Watch": lambda path: next(channel.unary_stream(path, request_serializer=raw, response_deserializer=raw)(b"", timeout=30)),
    }
    for method, call in calls.items():
        try:
            print(method, call("/grpc.health.v1.Health/" + method).hex())
        except grpc.RpcError as error:
            print(method, error.code().name)
