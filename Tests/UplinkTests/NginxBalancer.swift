import Foundation
import LaneAgentTesting

/// Debian's nginx as a load balancer in front of receivers, run unprivileged on loopback with its
/// prefix, configuration, pid file and temporary paths in a temporary directory. The
/// configuration is docs/records-and-uplink.md's example with the paths and ports filled in.
final class NginxBalancer: @unchecked Sendable {
    static let executable = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let port: Int
    let child: ChildProcess
    private let directory = TemporaryDirectory("nginx")

    /// nginx balancing over the receivers at `upstreamPorts` on 127.0.0.1.
    init(upstreamPorts: [Int]) async throws {
        guard let executable = Self.executable else { throw TestFailure("nginx is not installed (deploy/dev.sh installs it)") }
        let prefix = directory.path
        for folder in ["logs", "temp"] { try FileManager.default.createDirectory(atPath: prefix + "/" + folder, withIntermediateDirectories: true) }
        // nginx cannot report a port the kernel picked: take a free one and hope nobody else does meanwhile.
        port = try closedPort()
        let servers = upstreamPorts.map { "        server 127.0.0.1:\($0) max_fails=1 fail_timeout=30s;" }.joined(separator: "\n")
        let configuration = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(prefix)/nginx.pid;
            error_log stderr warn;
            events { worker_connections 64; }
            http {
                access_log \(prefix)/logs/access.log;
                client_body_temp_path \(prefix)/temp/body;
                proxy_temp_path \(prefix)/temp/proxy;
                fastcgi_temp_path \(prefix)/temp/fastcgi;
                uwsgi_temp_path \(prefix)/temp/uwsgi;
                scgi_temp_path \(prefix)/temp/scgi;
                upstream clearance_receivers {
            \(servers)
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:\(port);
                    client_max_body_size 64m;
                    location / {
                        proxy_pass http://clearance_receivers;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_read_timeout 60s;
                        proxy_next_upstream error timeout http_502 http_503 http_504 non_idempotent;
                        proxy_next_upstream_tries 0;
                    }
                }
            }
            """
        let path = directory.file("nginx.conf")
        try configuration.write(toFile: path, atomically: true, encoding: .utf8)
        child = try ChildProcess(executable, ["-p", prefix + "/", "-c", path, "-e", "stderr"])
        let url = "http://127.0.0.1:\(port)/v1/health"
        try await waitUntil("nginx to listen on \(port): \(child.stderr)", seconds: 30) {
            (try? await HTTP.send("GET", url))?.status == 200
        }
    }

    var url: String { "http://127.0.0.1:\(port)/" }

    /// The access log: one line per request nginx relayed.
    var accessLog: String { (try? String(contentsOfFile: directory.file("logs/access.log"), encoding: .utf8)) ?? "" }

    deinit {
        child.signal(SIGKILL)
    }
}
