import Crypto
import Foundation
import HTTPTypes
import LaneModel
import NIOCore
import NIOSSL
import X509

/// Who is calling the receiver, as far as it can tell: the reader role (a reader token), a
/// board (its client certificate's common name, under mutual TLS), or nobody in particular.
/// Every endpoint decides from this, never from a header the caller writes.
public enum ReceiverCaller: Sendable, Equatable {
    /// `Authorization: Bearer <token>` whose SHA-256 is one of `--reader-tokens`.
    case reader
    /// A client certificate from `--client-ca` whose subject common name is this device.
    case device(String)
    /// Neither.
    case anonymous

    /// The caller of `request` on `channel`.
    static func identify(_ request: HTTPRequest, channel: any Channel, readerTokenHashes: Set<String>) async -> ReceiverCaller {
        if let authorization = request.headerFields[.authorization], authorization.utf8.count <= 512,
           authorization.lowercased().hasPrefix("bearer ") {
            let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            if readerTokenHashes.contains(tokenHash(token)) { return .reader }
        }
        if let name = await commonName(on: channel) { return .device(name) }
        return .anonymous
    }

    /// The verified peer certificate's last subject common name, if the connection has one.
    private static func commonName(on channel: any Channel) async -> String? {
        guard let peer = try? await channel.nioSSL_peerCertificate().get(),
              let der = try? peer.toDERBytes(), let certificate = try? Certificate(derEncoded: der) else { return nil }
        var name: String?
        for relative in certificate.subject {
            for attribute in relative where attribute.type == .RDNAttributeType.commonName {
                name = String(attribute.value)
            }
        }
        return name
    }

    /// A reader token's line for `--reader-tokens`: the hex SHA-256 of the token.
    public static func tokenHash(_ token: String) -> String { Hex.encode(SHA256.hash(data: Array(token.utf8))) }
}
