import Foundation
import FoundationXML
@testable import PlateReaders
import Testing

/// Could FoundationXML's `XMLParser` (libxml2) replace our XML tree reader
/// (`drivers/PlateReaders/XML/XMLTreeReader.swift`) for camera alerts? Each reason that keeps
/// ours is a test here, run on the third-party alerts the ANPR driver decodes.
@Suite("FoundationXML against the cameras' alerts")
struct FoundationXMLFitTests {
    static let thirdParty = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../drivers/PlateReaders/HikvisionANPR/Fixtures/third-party").standardized.path

    /// Counts what libxml2 reports, as a delegate building a tree would see it.
    final class Counter: NSObject, XMLParserDelegate {
        var elements = 0
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) { elements += 1 }
    }

    static func library(_ bytes: [UInt8]) -> (ok: Bool, elements: Int) {
        let parser = XMLParser(data: Data(bytes))
        let counter = Counter()
        parser.delegate = counter
        return (parser.parse(), counter.elements)
    }

    static func alert(_ name: String) throws -> [UInt8] {
        Array(try #require(FileManager.default.contents(atPath: "\(thirdParty)/\(name)")))
    }

    @Test("two third-party alerts both read; the Jiangsu alert, white space before its XML declaration, only ours")
    func thirdPartyAlerts() throws {
        for name in ["gatelynk-deepinview-v58-pl-anonymized.xml", "lixuan-cn-blue-wan-anpr.xml"] {
            let bytes = try Self.alert(name)
            #expect(throws: Never.self, "\(name)") { _ = try XMLTreeReader.read(bytes) }
            #expect(Self.library(bytes).ok, "\(name)")
        }
        // fuqiangZ/hikvision-isapi-go's sample has a tab (by its length, a CR) before `<?xml`.
        let jiangsu = try Self.alert("fuqiangz-cn-blue-su-anpr.xml")
        #expect(throws: Never.self) { _ = try XMLTreeReader.read(jiangsu) }
        #expect(!Self.library(jiangsu).ok, "XMLParser now takes white space before the declaration; consider moving to it")
    }

    @Test("an entity the document does not declare (&nbsp;): ours keeps it as written, the library fails the document")
    func unknownEntity() throws {
        let bytes = Array("<a><b>x&nbsp;y</b></a>".utf8)
        #expect(throws: Never.self) { _ = try XMLTreeReader.read(bytes) }
        #expect(!Self.library(bytes).ok)
    }

    @Test("nesting 10,000 deep: ours refuses past its limit of 64, the library reads it all (a bound would be the delegate's to keep)")
    func depth() {
        let bytes = Array((String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)).utf8)
        #expect(throws: XMLReadError.self) { _ = try XMLTreeReader.read(bytes) }
        let theirs = Self.library(bytes)
        #expect(theirs.ok && theirs.elements == 10_000)
    }

    @Test("nested entity expansion (billion laughs): both refuse it")
    func entityExpansion() {
        var text = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY l0 \"hahahahahahahahahaha\">"
        for level in 1...9 { text += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">" }
        text += "]><a>&l9;</a>"
        let bytes = Array(text.utf8)
        let ours = try? XMLTreeReader.read(bytes)
        #expect(ours.map { !$0.text.contains("haha") } ?? true, "ours never expands a declared entity")
        #expect(!Self.library(bytes).ok, "libxml2 stops the amplification")
    }
}
