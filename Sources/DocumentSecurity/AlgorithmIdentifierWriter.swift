import SwiftASN1

/// Writes the AlgorithmIdentifiers the builders put in certificates, CRLs and EF.SOD.
enum AlgorithmIdentifierWriter {
    static func digest(_ digest: DigestAlgorithm, into coder: inout DER.Serializer) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(digest.oid)
            try coder.serialize(ASN1Null())
        }
    }

    static func signature(_ algorithm: SignatureAlgorithm, into coder: inout DER.Serializer) throws {
        let ids = DocumentSecurityOIDs.self
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            switch algorithm {
            case .rsaPKCS1(let digest):
                let oids: [DigestAlgorithm: ASN1ObjectIdentifier] = [
                    .sha1: ids.sha1WithRSA, .sha224: ids.sha224WithRSA, .sha256: ids.sha256WithRSA, .sha384: ids.sha384WithRSA, .sha512: ids.sha512WithRSA,
                ]
                try coder.serialize(oids[digest]!)
                try coder.serialize(ASN1Null())
            case .ecdsa(let digest):
                let oids: [DigestAlgorithm: ASN1ObjectIdentifier] = [
                    .sha1: ids.ecdsaWithSHA1, .sha224: ids.ecdsaWithSHA224, .sha256: ids.ecdsaWithSHA256, .sha384: ids.ecdsaWithSHA384,
                    .sha512: ids.ecdsaWithSHA512,
                ]
                try coder.serialize(oids[digest]!)
            case .ecdsaPlain(let digest):
                let oids: [DigestAlgorithm: ASN1ObjectIdentifier] = [
                    .sha1: ids.ecdsaPlainSHA1, .sha224: ids.ecdsaPlainSHA224, .sha256: ids.ecdsaPlainSHA256, .sha384: ids.ecdsaPlainSHA384,
                    .sha512: ids.ecdsaPlainSHA512,
                ]
                try coder.serialize(oids[digest]!)
            case .rsaPSS(let digest, let mgf, let salt):
                try coder.serialize(ids.rsaPSS)
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { try Self.digest(digest, into: &$0) }
                    try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)) { coder in
                        try coder.appendConstructedNode(identifier: .sequence) { coder in
                            try coder.serialize(ids.mgf1)
                            try Self.digest(mgf, into: &coder)
                        }
                    }
                    try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 2, tagClass: .contextSpecific)) { try $0.serialize(salt) }
                }
            }
        }
    }

    /// X.509 Time: UTCTime through 2049, GeneralizedTime after (RFC 5280, 4.1.2.5).
    static func time(_ date: Double, into coder: inout DER.Serializer) throws {
        let parts = DERTime.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: .init(timeIntervalSince1970: date))
        let (year, month, day) = (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        let (hour, minute, second) = (parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        if year < 2050 {
            try coder.serialize(UTCTime(year: year, month: month, day: day, hours: hour, minutes: minute, seconds: second))
        } else {
            try coder.serialize(GeneralizedTime(year: year, month: month, day: day, hours: hour, minutes: minute, seconds: second, fractionalSeconds: 0))
        }
    }
}
