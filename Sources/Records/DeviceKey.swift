import Crypto
import Foundation
import LaneModel

/// The device's Ed25519 signing key, kept as a PKCS#8 PEM file (`openssl pkey` reads it).
public struct DeviceKey: Sendable {
    /// The private key that signs every record.
    public let privateKey: Curve25519.Signing.PrivateKey
    /// Hex SHA-256 of the raw 32-byte public key.
    public let keyID: String

    /// The raw 32-byte public key.
    public var publicKeyBytes: [UInt8] { Array(privateKey.publicKey.rawRepresentation) }

    public init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
        self.keyID = Self.keyID(ofPublicKey: privateKey.publicKey.rawRepresentation)
    }

    /// The key made from a 32-byte seed (tests and fixed vectors).
    public init(seed: [UInt8]) throws {
        self.init(privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: seed))
    }

    /// Hex SHA-256 of a raw public key: the DSSE `keyid`.
    public static func keyID<Bytes: DataProtocol>(ofPublicKey raw: Bytes) -> String {
        Hex.encode(SHA256.hash(data: raw))
    }

    /// An Ed25519 signature over `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        // BoringSSL's Ed25519 cannot fail for a valid key; a failure here is a broken library.
        Array(try! privateKey.signature(for: message))
    }

    // PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410 §7) is this fixed prefix then the 32-byte seed.
    private static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    /// The key as a PEM `PRIVATE KEY` block.
    public var pemRepresentation: String {
        let der = Self.pkcs8Prefix + Array(privateKey.rawRepresentation)
        return "-----BEGIN PRIVATE KEY-----\n\(Data(der).base64EncodedString())\n-----END PRIVATE KEY-----\n"
    }

    /// Reads the key at `path`, refusing a file that group or others can read.
    public static func load(from path: String) throws(KeyError) -> DeviceKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw .keyMissing(path) }
            throw .keyUnreadable(path, String(cString: strerror(errno)))
        }
        guard !PrivateKeyFile.isExposed(mode: info.st_mode) else { throw .keyPermissions(path, mode: UInt32(info.st_mode)) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .keyUnreadable(path, "cannot read it as text")
        }
        let base64 = text.split(whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("-----") }.joined()
        guard text.contains("-----BEGIN PRIVATE KEY-----"), let der = Data(base64Encoded: base64),
              der.count == 48, Array(der.prefix(16)) == pkcs8Prefix else {
            throw .keyUnreadable(path, "not a PEM PKCS#8 Ed25519 private key")
        }
        do {
            return try DeviceKey(seed: Array(der.suffix(32)))
        } catch {
            throw .keyUnreadable(path, "\(error)")
        }
    }

    /// Creates a new key at `path` (mode 0600, directory 0700); fails if one exists.
    public static func create(at path: String) throws(KeyError) -> DeviceKey {
        // A bare file name ("central.key") lives in the working directory, which exists.
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .keyWrite(path, "cannot create \(directory): \(error.localizedDescription)")
        }
        let key = DeviceKey(privateKey: Curve25519.Signing.PrivateKey())
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw .keyExists(path) }
            throw .keyWrite(path, String(cString: strerror(errno)))
        }
        // open's mode is masked by the umask; fchmod sets exactly 0600 whatever it was.
        guard fchmod(descriptor, 0o600) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            unlink(path)
            throw .keyWrite(path, "cannot set mode 0600: \(reason)")
        }
        let bytes = Array(key.pemRepresentation.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced else {
            unlink(path)
            throw .keyWrite(path, "short write or fsync failed: \(String(cString: strerror(errno)))")
        }
        DirectorySync.sync(directory)
        return key
    }
}
