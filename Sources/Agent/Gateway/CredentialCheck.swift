import Crypto
import DeviceKit
import Foundation
import LaneModel

/// Checks a request's credentials against its device's `DeviceCredentials`, from the request
/// head alone (so an unauthenticated body is never read). Hikvision's HTTP host notification
/// authenticates with Digest (MD5, `httpAuthenticationMethod` `MD5digest`); other devices may
/// use Basic (over the gateway's HTTPS) or a bearer token, in a header or the URL's `token`.
enum CredentialCheck {
    /// How a request proved itself, or the refusal to send.
    enum Outcome: Equatable {
        case accepted(String)
        case refused(EventReply, reason: String)
    }

    /// Longest `Authorization` header considered; a real one is under 600 bytes.
    static let maximumHeaderBytes = 2048
    /// How long a Digest nonce stays good.
    static let nonceLifetimeSeconds: Int64 = 300

    static func check(_ request: DeviceRequest, against credentials: DeviceCredentials, now: Timestamp = .now()) -> Outcome {
        let authorization = request.headers.first { $0.key.lowercased() == "authorization" }?.value ?? ""
        guard authorization.utf8.count <= maximumHeaderBytes else { return refusal(credentials, now: now, reason: "Authorization header over 2 KiB") }
        let scheme = authorization.prefix { $0 != " " }.lowercased()
        let rest = authorization.drop { $0 != " " }.trimmingCharacters(in: .whitespaces)
        if let tokenHash = credentials.tokenSHA256 {
            let token = scheme == "bearer" ? rest : request.query["token"]
            if let token, constantTimeEqual(Hex.encode(SHA256.hash(data: Array(token.utf8))), tokenHash) { return .accepted("token") }
        }
        if let username = credentials.username, let ha1 = credentials.passwordDigest {
            if scheme == "basic", let decoded = Data(base64Encoded: rest).map({ String(decoding: $0, as: UTF8.self) }),
               let colon = decoded.firstIndex(of: ":") {
                let user = String(decoded[..<colon]), password = String(decoded[decoded.index(after: colon)...])
                if user == username, constantTimeEqual(md5("\(user):\(DeviceCredentials.realm):\(password)"), ha1) { return .accepted("basic") }
                return refusal(credentials, now: now, reason: "wrong user name or password (Basic)")
            }
            if scheme == "digest" {
                return digest(parameters(rest), request: request, username: username, ha1: ha1, credentials: credentials, now: now)
            }
        }
        return refusal(credentials, now: now, reason: authorization.isEmpty ? "no credentials" : "credentials of an unaccepted kind (\(scheme.prefix(16)))")
    }

    private static func digest(_ fields: [String: String], request: DeviceRequest, username: String, ha1: String,
                               credentials: DeviceCredentials, now: Timestamp) -> Outcome {
        guard fields["username"] == username, fields["realm"] == DeviceCredentials.realm,
              let nonce = fields["nonce"], let uri = fields["uri"], let response = fields["response"] else {
            return refusal(credentials, now: now, reason: "Digest for another user or realm, or incomplete")
        }
        guard uri.split(separator: "?", maxSplits: 1).first.map(String.init) == request.path else {
            return refusal(credentials, now: now, reason: "Digest uri \(uri.prefix(80)) is not the request's path")
        }
        guard nonceIsFresh(nonce, now: now) else { return refusal(credentials, now: now, reason: "stale or forged Digest nonce") }
        let ha2 = md5("\(request.method):\(uri)")
        let expected: String
        if let qop = fields["qop"] {
            guard qop == "auth", let count = fields["nc"], let cnonce = fields["cnonce"] else {
                return refusal(credentials, now: now, reason: "Digest qop other than auth")
            }
            expected = md5("\(ha1):\(nonce):\(count):\(cnonce):\(qop):\(ha2)")
        } else {
            expected = md5("\(ha1):\(nonce):\(ha2)")
        }
        return constantTimeEqual(expected, response.lowercased()) ? .accepted("digest")
            : refusal(credentials, now: now, reason: "wrong user name or password (Digest)")
    }

    /// 401 with the challenges the device's credentials allow.
    private static func refusal(_ credentials: DeviceCredentials, now: Timestamp, reason: String) -> Outcome {
        var reply = EventReply.message(401, "credentials required: \(reason)")
        if credentials.username != nil {
            reply.headers["WWW-Authenticate"] = "Digest realm=\"\(DeviceCredentials.realm)\", qop=\"auth\", algorithm=MD5, nonce=\"\(nonce(now: now))\""
        } else {
            reply.headers["WWW-Authenticate"] = "Bearer realm=\"\(DeviceCredentials.realm)\""
        }
        return .refused(reply, reason: reason)
    }

    /// A nonce the gateway can check without remembering it: its issue time and an HMAC of it
    /// under a key made at start (a restart makes earlier nonces stale; devices ask again).
    static func nonce(now: Timestamp) -> String {
        let time = String(now.millisecondsSinceEpoch / 1000)
        return time + "-" + Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(time.utf8), using: nonceKey)).prefix(32)
    }

    static func nonceIsFresh(_ nonce: String, now: Timestamp) -> Bool {
        let parts = nonce.split(separator: "-")
        guard parts.count == 2, parts[0].utf8.count <= 12, let issued = Int64(parts[0]) else { return false }
        let expected = Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(parts[0].utf8), using: nonceKey)).prefix(32)
        let age = now.millisecondsSinceEpoch / 1000 - issued
        return constantTimeEqual(String(parts[1]), String(expected)) && age >= 0 && age <= nonceLifetimeSeconds
    }

    private static let nonceKey = SymmetricKey(size: .bits256)

    /// `key="value", key=value` pairs of a Digest header (at most 16).
    static func parameters(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        var rest = Substring(text)
        while !rest.isEmpty, fields.count < 16 {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            let value: Substring
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                value = rest[..<end]
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...]
            }
            fields[key] = value.trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    static func md5(_ text: String) -> String { Hex.encode(Insecure.MD5.hash(data: Array(text.utf8))) }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
