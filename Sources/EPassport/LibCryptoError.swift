import CLibCrypto

/// The words libcrypto left on its error queue, for a message.
enum LibCryptoError {
    /// The oldest queued error as text (the queue is emptied), or "no detail".
    static func last() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "no detail" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
