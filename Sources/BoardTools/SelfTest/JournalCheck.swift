import Agent
import Foundation
import Journal
import Records

/// The `key` and `journal` lines: the device key is usable and private, and the journal
/// passes the writer's own open-time check, read-only, so it runs beside `laneagent run`.
public enum JournalCheck {
    /// Loads the device key the way the signer does (LA-KEY-002 missing, LA-KEY-003 readable
    /// by others, LA-KEY-004 unusable); the key, when usable, verifies the journal next.
    public static func key(_ config: AgentConfig) -> (SelfTestCheck, DeviceKey?) {
        let path = config.paths.deviceKey
        do {
            let key = try DeviceKey.load(from: path)
            var info = stat()
            let mode = stat(path, &info) == 0 ? String(info.st_mode & 0o777, radix: 8) : "?"
            return (SelfTestCheck("key", nil, .ok, "\(path) mode \(mode), key id \(key.keyID.prefix(16))…"), key)
        } catch {
            return (SelfTestCheck("key", nil, .fail, error.description), nil)
        }
    }

    /// Opens the journal read-only: counts, free space against `min_free_mb`, SQLite
    /// quick_check and the newest records' signatures and chain.
    public static func journal(_ config: AgentConfig, key: DeviceKey?, writerActive: Bool) -> SelfTestCheck {
        let paths = config.paths
        let options = config.journalOptions
        let free = FileSystemSpace.freeBytes(at: existingFolder(paths.stateDirectory))
        let freeText = free.map { "\(SelfTestCheck.bytes($0)) free" } ?? "free space unknown"
        let lowSpace = free.map { $0 < options.minFreeBytes } ?? false
        guard FileManager.default.fileExists(atPath: paths.database) else {
            return SelfTestCheck("journal", nil, lowSpace ? .fail : .warn, "no journal yet at \(paths.database), \(freeText)",
                                 remedy: "`laneagent run` creates it on first start")
        }
        let reader: JournalReader
        do { reader = try JournalReader.open(paths: paths) } catch {
            return SelfTestCheck("journal", nil, .fail, error.description)
        }
        defer { reader.close() }
        let status: JournalStatus
        do { status = try reader.status(options: options) } catch {
            return SelfTestCheck("journal", nil, .fail, error.description)
        }
        let count = status.lastSeq == 0 ? 0 : status.lastSeq - status.firstSeq + 1
        var detail = count == 0 ? "no records yet" : """
            \(SelfTestCheck.grouped(count)) records (seq \(status.firstSeq)..\(status.lastSeq)), \(SelfTestCheck.grouped(status.pending)) not yet acknowledged
            """
        var result = SelfTestCheck.Status.ok
        var remedy: String?
        if let key {
            do {
                let verified = try reader.verifyNewest(options.verifyNewestAtOpen, key: key)
                detail += count == 0 ? ", file checked" : ", chain verified (newest \(SelfTestCheck.grouped(verified)))"
            } catch {
                return SelfTestCheck("journal", nil, .fail, error.description)
            }
        } else {
            detail += ", chain not verified (no usable device key)"
            result = .warn
            remedy = "fix the key first"
        }
        detail += ", \(freeText)"
        if let fault = status.faults.first {
            return SelfTestCheck("journal", nil, .fail, detail, remedy: fault.description)
        }
        if writerActive { detail += "; laneagent run is writing it" }
        return SelfTestCheck("journal", nil, result, detail, remedy: remedy)
    }

    /// The path itself, or its nearest existing parent (a state directory not created yet).
    static func existingFolder(_ path: String) -> String {
        var folder = path
        while !FileManager.default.fileExists(atPath: folder), folder != "/" {
            folder = (folder as NSString).deletingLastPathComponent
        }
        return folder
    }
}

extension SelfTestCheck {
    /// `1,204`: thousands grouped the same way whatever the locale.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return (value < 0 ? "-" : "") + text
    }

    /// `61.2 GB`, `310 MB`.
    public static func bytes(_ value: Int64) -> String {
        let gigabytes = Double(value) / 1e9
        return gigabytes >= 1 ? String(format: "%.1f GB", gigabytes) : String(format: "%.0f MB", Double(value) / 1e6)
    }
}
