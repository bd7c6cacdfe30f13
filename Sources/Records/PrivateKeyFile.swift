import Foundation

/// The rule for files holding private keys (the device's signing key, the uplink's TLS client
/// key): only their owner may read them. A key group or others can read may already be copied,
/// so it is refused rather than used; the fix is the owner's `chmod 600`.
public enum PrivateKeyFile {
    /// True when `mode` gives group or others any permission.
    public static func isExposed(mode: mode_t) -> Bool { mode & 0o077 != 0 }

    /// The permission bits of the file at `path` (links followed, as opening it would) when
    /// group or others have any; nil when only the owner has, or it cannot be examined (reading
    /// it then reports why).
    public static func exposedMode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0, isExposed(mode: info.st_mode) else { return nil }
        return info.st_mode & 0o777
    }

    /// What is wrong with `path` and how to fix it, for a key file with `mode`.
    public static func problem(_ path: String, mode: mode_t) -> String {
        "is readable by group or others (mode \(String(mode & 0o777, radix: 8))); run `chmod 600 \(path)`"
    }
}
