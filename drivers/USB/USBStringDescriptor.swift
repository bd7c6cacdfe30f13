import CLibUSB
import Foundation

/// Reads a device's UTF-16 string descriptors (USB 2.0 §9.6.7) from an open handle, so
/// non-ASCII names survive (libusb's `_ascii` variant turns them into `?`).
enum USBStringDescriptor {
    /// A string descriptor is at most 255 bytes: its length field is one byte.
    private static let maximumLength = 255
    private static let stringType: UInt8 = 0x03

    /// The first language the device offers (descriptor 0), or US English (0x0409) when it
    /// offers none: some cheap bridges answer only that.
    static func firstLanguage(_ handle: OpaquePointer) -> UInt16 {
        let bytes = fetch(handle, index: 0, language: 0)
        guard let bytes, bytes.count >= 4 else { return 0x0409 }
        return UInt16(bytes[2]) | UInt16(bytes[3]) << 8
    }

    /// String `index` in `language`; nil when the index is 0 (no string), the device does not
    /// answer, or the answer is empty.
    static func read(_ handle: OpaquePointer, index: UInt8, language: UInt16) -> String? {
        guard index != 0, let bytes = fetch(handle, index: index, language: language) else { return nil }
        var units: [UInt16] = []
        var offset = 2
        while offset + 1 < bytes.count {
            units.append(UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)
            offset += 2
        }
        let text = String(decoding: units, as: UTF16.self)
            .trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{0}")))
        return text.isEmpty ? nil : text
    }

    /// The descriptor's bytes, cut to its own length field; nil on error or a malformed answer.
    private static func fetch(_ handle: OpaquePointer, index: UInt8, language: UInt16) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximumLength)
        let count = libusb_get_string_descriptor(handle, index, language, &buffer, Int32(maximumLength))
        guard count >= 2, buffer[1] == stringType else { return nil }
        return Array(buffer.prefix(min(Int(count), Int(buffer[0]))))
    }
}
