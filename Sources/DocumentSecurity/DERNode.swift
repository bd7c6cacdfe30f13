import SwiftASN1

/// A bounded walk over a parsed ASN.1 node: every accessor checks the tag and the shape and
/// throws `DocumentSecurityError.malformed` naming `context` instead of trapping.
struct DERNode {
    let node: ASN1Node
    /// What this node is, for error messages ("EF.SOD SignerInfo").
    let context: String

    init(_ node: ASN1Node, _ context: String) {
        self.node = node
        self.context = context
    }

    /// Parses `bytes` as one DER value, falling back to BER for the indefinite lengths some
    /// issuers write in EF.SOD's outer layers; trailing bytes are refused.
    static func parse(_ bytes: ArraySlice<UInt8>, _ context: String) throws -> DERNode {
        guard !bytes.isEmpty else { throw DocumentSecurityError.malformed(context, "it is empty") }
        if let node = try? DER.parse(bytes) { return DERNode(node, context) }
        do {
            return DERNode(try BER.parse(bytes), context)
        } catch {
            throw DocumentSecurityError.malformed(context, "not valid DER/BER (\(error))")
        }
    }

    var identifier: ASN1Identifier { node.identifier }
    var encoded: ArraySlice<UInt8> { node.encodedBytes }

    func expect(_ identifier: ASN1Identifier) throws -> DERNode {
        guard node.identifier == identifier else {
            throw DocumentSecurityError.malformed(context, "expected tag \(identifier) but found \(node.identifier)")
        }
        return self
    }

    /// The children of a constructed node with `identifier` (SEQUENCE unless told).
    func children(_ identifier: ASN1Identifier = .sequence) throws -> [DERNode] {
        _ = try expect(identifier)
        guard case .constructed(let collection) = node.content else {
            throw DocumentSecurityError.malformed(context, "expected a constructed value")
        }
        return collection.map { DERNode($0, context) }
    }

    /// The content bytes of a primitive node with `identifier`.
    func primitive(_ identifier: ASN1Identifier) throws -> ArraySlice<UInt8> {
        _ = try expect(identifier)
        guard case .primitive(let bytes) = node.content else {
            throw DocumentSecurityError.malformed(context, "expected a primitive value")
        }
        return bytes
    }

    func objectIdentifier() throws -> ASN1ObjectIdentifier {
        do { return try ASN1ObjectIdentifier(derEncoded: node) } catch {
            throw DocumentSecurityError.malformed(context, "expected an object identifier (\(error))")
        }
    }

    /// An OCTET STRING's bytes; a constructed (BER) octet string is joined.
    func octets() throws -> [UInt8] {
        _ = try expect(.octetString)
        switch node.content {
        case .primitive(let bytes): return Array(bytes)
        case .constructed(let parts):
            var joined: [UInt8] = []
            for part in parts { joined += try DERNode(part, context).octets() }
            return joined
        }
    }

    /// A small non-negative INTEGER (a version, a data-group number, a salt length).
    func smallInteger() throws -> Int {
        let bytes = try primitive(.integer)
        guard !bytes.isEmpty, bytes.count <= 4, bytes.first! & 0x80 == 0 else {
            throw DocumentSecurityError.malformed(context, "expected a small non-negative integer")
        }
        return bytes.reduce(0) { $0 << 8 | Int($1) }
    }

    /// A BIT STRING's bytes; only whole bytes (no unused bits) are accepted.
    func bitStringBytes() throws -> [UInt8] {
        let bytes = try primitive(.bitString)
        guard let unused = bytes.first, unused == 0 else {
            throw DocumentSecurityError.malformed(context, "expected a BIT STRING of whole bytes")
        }
        return Array(bytes.dropFirst())
    }

    /// The only child of an explicit `[tag]` wrapper.
    func explicitContent(_ tag: UInt) throws -> DERNode {
        let inner = try children(ASN1Identifier(tagWithNumber: tag, tagClass: .contextSpecific))
        guard inner.count == 1 else { throw DocumentSecurityError.malformed(context, "expected one value inside [\(tag)]") }
        return inner[0]
    }

    func renamed(_ context: String) -> DERNode { DERNode(node, context) }
}

extension Array where Element == DERNode {
    /// The element at `index`, or a malformed error saying which part is missing.
    func element(_ index: Int, _ what: String) throws -> DERNode {
        guard index >= 0, index < count else {
            let context = first?.context ?? "a value"
            throw DocumentSecurityError.malformed(context, "\(what) is missing")
        }
        return self[index]
    }
}
