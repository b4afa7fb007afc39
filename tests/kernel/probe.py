"""Probes for the kernel differential test, run inside lab namespaces.

  probe.py syn SRC DST SPORT DPORT TTL DF   send one option-less TCP SYN (the walk's
                                            packet: 40 bytes), as the engine models it
  probe.py udp SRC DST SPORT DPORT TTL DF LEN  send one UDP datagram of LEN bytes
  probe.py tunnel ipip SRC DST TTL DF HEX   send HEX (an inner IP packet) as IP protocol 4,
                                            as the ipip driver would
  probe.py tunnel udp SRC DST TTL DF HEX SPORT DPORT  send HEX in one UDP datagram, as
                                            flanneld (UDP backend) would
  probe.py listen-tcp PORT                  accept TCP on PORT; prints "ready" once bound
  probe.py listen-udp PORT                  echo UDP datagrams on PORT; prints "ready" once bound
"""
import socket
import struct
import sys


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def syn(src: str, dst: str, sport: int, dport: int, ttl: int, df: bool) -> None:
    # A raw TCP socket: the kernel writes the IP header (routing, TTL, DF, id), we write TCP.
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
    ip_mtu_discover, ip_pmtudisc_do, ip_pmtudisc_dont = 10, 2, 0
    s.setsockopt(socket.IPPROTO_IP, ip_mtu_discover, ip_pmtudisc_do if df else ip_pmtudisc_dont)
    s.bind((src, 0))
    header = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x02, 64240, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(header))
    header = header[:16] + struct.pack("!H", checksum(pseudo + header)) + header[18:]
    try:
        s.sendto(header, (dst, 0))
    except OSError as e:
        print("send error: %s" % e.strerror, file=sys.stderr)
        sys.exit(3)


IP_MTU_DISCOVER, IP_PMTUDISC_DO, IP_PMTUDISC_DONT = 10, 2, 0


def udp(src: str, dst: str, sport: int, dport: int, ttl: int, df: bool, length: int) -> None:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
    s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO if df else IP_PMTUDISC_DONT)
    s.bind((src, sport))
    try:
        s.sendto(b"x" * length, (dst, dport))
    except OSError as e:
        print("send error: %s" % e.strerror, file=sys.stderr)
        sys.exit(3)


def tunnel(mode: str, src: str, dst: str, ttl: int, df: bool, payload: bytes, sport: int, dport: int) -> None:
    # The outer packet of a tunnel the lab cannot run (no ipip module, no flanneld): the kernel
    # writes the outer IP header from the socket's options, the payload is the inner packet.
    if mode == "ipip":
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 4)
        s.bind((src, 0))
        target = (dst, 0)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((src, sport))
        target = (dst, dport)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
    s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO if df else IP_PMTUDISC_DONT)
    try:
        s.sendto(payload, target)
    except OSError as e:
        print("send error: %s" % e.strerror, file=sys.stderr)
        sys.exit(3)


def listen_udp(port: int) -> None:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    print("ready", flush=True)
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(data, peer)


def listen_tcp(port: int) -> None:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(16)
    print("ready", flush=True)
    while True:
        conn, _ = s.accept()
        conn.close()


if __name__ == "__main__":
    if sys.argv[1] == "syn":
        syn(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7] == "1")
    elif sys.argv[1] == "udp":
        udp(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7] == "1", int(sys.argv[8]))
    elif sys.argv[1] == "tunnel":
        a = sys.argv
        tunnel(a[2], a[3], a[4], int(a[5]), a[6] == "1", bytes.fromhex(a[7]), int(a[8]) if len(a) > 8 else 0, int(a[9]) if len(a) > 9 else 0)
    elif sys.argv[1] == "listen-udp":
        listen_udp(int(sys.argv[2]))
    elif sys.argv[1] == "listen-tcp":
        listen_tcp(int(sys.argv[2]))
    else:
        sys.exit(2)
