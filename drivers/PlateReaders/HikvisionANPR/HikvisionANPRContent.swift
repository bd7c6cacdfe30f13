import DeviceKit
import LaneModel

/// The parts of a Hikvision ANPR request: the alert XML and the pictures, found by media type
/// or name in any order, or a bare XML body.
struct HikvisionANPRContent {
    /// The XML part's name for messages (`anpr.xml`), or `body` for a bare XML post.
    var xmlLabel: String
    var xml: [UInt8]
    var pictures: [EvidenceItem]

    init(_ request: DeviceRequest) throws(EventRejection) {
        guard !request.body.isEmpty else { throw EventRejection("body: empty (Content-Type '\(request.contentType ?? "")')") }
        let mediaType = HeaderParameters.mediaType(request.contentType)
        if mediaType?.hasPrefix("multipart/") == true {
            let parts = try MultipartBody.parse(request.body, contentType: request.contentType)
            guard let xmlIndex = parts.firstIndex(where: Self.isXML) else {
                let names = parts.enumerated().map { $0.element.label(index: $0.offset) }.joined(separator: ", ")
                throw EventRejection("multipart: no XML alert part (anpr.xml) among \(parts.count) parts [\(names)]",
                                     excerpt: InputExcerpt.of(request.body))
            }
            xmlLabel = parts[xmlIndex].label(index: xmlIndex)
            xml = parts[xmlIndex].body
            pictures = parts.enumerated().compactMap { index, part in index == xmlIndex ? nil : Self.picture(part) }
        } else if mediaType?.contains("xml") == true || (mediaType == nil || mediaType == "text/plain") && Self.startsLikeXML(request.body) {
            xmlLabel = "body"
            xml = request.body
            pictures = []
        } else {
            throw EventRejection("body: Content-Type '\(request.contentType ?? "")' is neither multipart nor XML",
                                 excerpt: InputExcerpt.of(request.body))
        }
    }

    static func isXML(_ part: MultipartPart) -> Bool {
        if let type = part.mediaType { if type.contains("xml") { return true }; if type.hasPrefix("image/") { return false } }
        let name = (part.filename ?? part.name ?? "").lowercased()
        return name.hasSuffix(".xml") || startsLikeXML(part.body)
    }

    /// A picture part as evidence: `plate` when its name says so (`licensePlatePicture.jpg`),
    /// `scene` otherwise (`detectionPicture.jpg`). Empty parts (pictures switched off) are dropped.
    static func picture(_ part: MultipartPart) -> EvidenceItem? {
        guard !part.body.isEmpty else { return nil }
        let name = (part.filename ?? part.name ?? "").lowercased()
        let declared = part.mediaType.flatMap { $0.hasPrefix("image/") ? $0 : nil }
        guard declared != nil || name.hasSuffix(".jpg") || name.hasSuffix(".jpeg") || SyntheticJPEG.hasStartOfImage(part.body)
        else { return nil }
        return EvidenceItem(role: name.contains("plate") ? "plate" : "scene", mediaType: declared ?? "image/jpeg",
                            bytes: part.body, personal: false)
    }

    static func startsLikeXML(_ bytes: [UInt8]) -> Bool {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        return slice.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A } == UInt8(ascii: "<")
    }
}
