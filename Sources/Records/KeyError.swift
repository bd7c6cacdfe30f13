import LaneModel

/// What is wrong with a signing key file or a public key, with the path and what to do.
public typealias KeyError = CodedError<KeyErrorDomain>

/// The domain of `KeyError`: signing key files and public keys.
public enum KeyErrorDomain: ErrorDomain {}

// Every key problem is the operator's to fix (a path, a mode, a file's content): all are usage errors.
extension CodedError where Domain == KeyErrorDomain {
    static func keyExists(_ path: String) -> KeyError {
        KeyError("LA-KEY-001", "a device key already exists at \(path); nothing was changed (a new key would break the record chain's identity)", usage: true)
    }
    static func keyMissing(_ path: String) -> KeyError {
        KeyError("LA-KEY-002", "no device key at \(path); create one with `laneagent keys init --config FILE`", usage: true)
    }
    static func keyPermissions(_ path: String, mode: UInt32) -> KeyError {
        KeyError("LA-KEY-003", "device key \(path) is readable by group or others (mode \(String(mode & 0o777, radix: 8))); refusing to sign. Run `chmod 600 \(path)`", usage: true)
    }
    static func keyUnreadable(_ path: String, _ reason: String) -> KeyError {
        KeyError("LA-KEY-004", "device key \(path) cannot be used: \(reason)", usage: true)
    }
    static func keyWrite(_ path: String, _ reason: String) -> KeyError {
        KeyError("LA-KEY-005", "cannot create device key \(path): \(reason)", usage: true)
    }
    static func badPublicKey(_ reason: String) -> KeyError {
        KeyError("LA-KEY-006", "public key is not usable: \(reason); expected the base64 of a raw 32-byte Ed25519 public key", usage: true)
    }
}
