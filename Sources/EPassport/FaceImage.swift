/// The face image in DG2 (ICAO 9303 part 10, §4.7.2): the biometric data block of the first
/// biometric information template, an ISO/IEC 19794-5 facial record whose image is JPEG or
/// JPEG 2000.
public struct FaceImage: Sendable, Hashable {
    /// "image/jpeg" or "image/jp2".
    public let mediaType: String
    public let bytes: [UInt8]

    public init(mediaType: String, bytes: [UInt8]) {
        self.mediaType = mediaType
        self.bytes = bytes
    }

    /// The first face in DG2's bytes. The 19794-5 header is followed to the image; a block in
    /// ISO/IEC 39794-5's layout is walked for the data object holding it; failing both, the
    /// block is searched for a JPEG or JPEG 2000 signature.
    public init(dataGroup2 bytes: [UInt8]) throws(TLVError) {
        let group = try TLV.parseFirst(bytes)
        guard group.tag == 0x75, let templates = try group.child(0x7F61), let template = try templates.child(0x7F60) else {
            throw TLVError(offset: 0, reason: "DG2 holds no biometric information template (75 / 7F61 / 7F60)")
        }
        let children = try template.children()
        guard let block = children.first(where: { $0.tag == 0x5F2E || $0.tag == 0x7F2E }) else {
            throw TLVError(offset: 0, reason: "DG2's template holds no biometric data block (5F2E or 7F2E)")
        }
        if let image = Self.fromFacialRecord(block.value) ?? Self.fromDataObjects(block.value, depth: 0) ?? Self.bySignature(block.value) {
            self = image
        } else {
            throw TLVError(offset: 0, reason: "DG2's biometric data block holds no JPEG or JPEG 2000 image")
        }
    }

    /// ISO/IEC 19794-5:2005: "FAC\0", version, record length, face count; then per face a
    /// 20-byte header, 8 bytes per feature point and 12 bytes of image information (the
    /// image's type at its second byte: 0 JPEG, 1 JPEG 2000) before the image.
    static func fromFacialRecord(_ block: [UInt8]) -> FaceImage? {
        guard block.count > 46, block.starts(with: [0x46, 0x41, 0x43, 0x00]) else { return nil }
        let blockLength = Int(block[14]) << 24 | Int(block[15]) << 16 | Int(block[16]) << 8 | Int(block[17])
        let featurePoints = Int(block[18]) << 8 | Int(block[19])
        let information = 14 + 20 + 8 * featurePoints
        let start = information + 12
        let end = 14 + blockLength
        guard start < end, end <= block.count else { return nil }
        let image = block[start..<end]
        switch block[information + 1] {
        case 0 where isJPEG(image): return FaceImage(mediaType: "image/jpeg", bytes: Array(image))
        case 1 where isJPEG2000(image): return FaceImage(mediaType: "image/jp2", bytes: Array(image))
        default: return nil
        }
    }

    /// ISO/IEC 39794-5 (the newer DG2 layout): the block is nested DER; the image is the first
    /// primitive value that starts with a JPEG or JPEG 2000 signature. Eight levels at most.
    static func fromDataObjects(_ bytes: [UInt8], depth: Int) -> FaceImage? {
        guard depth < 8, let objects = try? TLV.parseAll(bytes) else { return nil }
        for object in objects {
            if object.isConstructed {
                if let image = fromDataObjects(object.value, depth: depth + 1) { return image }
            } else if isJPEG(object.value[...]) {
                return FaceImage(mediaType: "image/jpeg", bytes: object.value)
            } else if isJPEG2000(object.value[...]) {
                return FaceImage(mediaType: "image/jp2", bytes: object.value)
            }
        }
        return nil
    }

    /// The image from the first JPEG or JPEG 2000 signature in `block` to its end.
    static func bySignature(_ block: [UInt8]) -> FaceImage? {
        for index in block.indices {
            let rest = block[index...]
            if isJPEG(rest) { return FaceImage(mediaType: "image/jpeg", bytes: Array(rest)) }
            if isJPEG2000(rest) { return FaceImage(mediaType: "image/jp2", bytes: Array(rest)) }
        }
        return nil
    }

    static func isJPEG(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.starts(with: [0xFF, 0xD8, 0xFF]) }

    /// The JP2 file signature box, or a bare JPEG 2000 codestream (SOC then SIZ).
    static func isJPEG2000(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.starts(with: [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]) || bytes.starts(with: [0xFF, 0x4F, 0xFF, 0x51])
    }

    /// DG2's bytes holding this image as one ISO/IEC 19794-5 facial record (no feature points,
    /// full frontal, `width` × `height`) in one biometric information template.
    public func dataGroup2(width: Int = 480, height: Int = 640) -> [UInt8] {
        let imageType: UInt8 = mediaType == "image/jp2" ? 1 : 0
        let imageInformation: [UInt8] = [0x01, imageType, UInt8(width >> 8 & 0xFF), UInt8(width & 0xFF), UInt8(height >> 8 & 0xFF), UInt8(height & 0xFF),
                                         0x01, 0x02, 0x00, 0x00, 0x00, 0x00]
        let faceBlockLength = 20 + imageInformation.count + bytes.count
        var faceHeader = Self.bigEndian(faceBlockLength, 4) + [0x00, 0x00]  // no feature points
        faceHeader += [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        let record = [0x46, 0x41, 0x43, 0x00, 0x30, 0x31, 0x30, 0x00] + Self.bigEndian(14 + faceBlockLength, 4) + [0x00, 0x01] + faceHeader
            + imageInformation + bytes
        // The biometric header template: ICAO header version, biometric type "face", the format owner and type of 19794-5.
        let header = TLV.encode(tag: 0x80, value: [0x01, 0x01]) + TLV.encode(tag: 0x81, value: [0x02]) + TLV.encode(tag: 0x87, value: [0x01, 0x01])
            + TLV.encode(tag: 0x88, value: [0x00, 0x08])
        let template = TLV.encode(tag: 0x7F60, value: TLV.encode(tag: 0xA1, value: header) + TLV.encode(tag: 0x5F2E, value: record))
        return TLV.encode(tag: 0x75, value: TLV.encode(tag: 0x7F61, value: TLV.encode(tag: 0x02, value: [0x01]) + template))
    }

    private static func bigEndian(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).reversed().map { UInt8(value >> ($0 * 8) & 0xFF) } }
}
