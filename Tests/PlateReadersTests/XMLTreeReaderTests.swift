@testable import PlateReaders
import Testing

@Suite("The small XML reader")
struct XMLTreeReaderTests {
    func read(_ text: String) throws(XMLReadError) -> XMLNode { try XMLTreeReader.read(Array(text.utf8)) }

    @Test("default and prefixed namespaces read alike")
    func namespaces() throws {
        let plain = try read("<A xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"><B>1</B></A>")
        let prefixed = try read("<h:A xmlns:h=\"http://www.hikvision.com/ver20/XMLSchema\" h:version=\"2\"><h:B>1</h:B></h:A>")
        #expect(plain.name == "A" && prefixed.name == "A")
        #expect(plain.childText("B") == "1" && prefixed.childText("B") == "1")
        #expect(prefixed.attributes == ["version": "2"])
        #expect(plain.attributes.isEmpty)
    }

    @Test("CDATA, entities, comments, a declaration, a DOCTYPE, a byte-order mark, NUL padding")
    func tolerance() throws {
        let text = "\u{FEFF}<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]>\n<!-- c --><a>\n<p><![CDATA[桂A<1>&2]]></p>"
            + "<q>&lt;&amp;&#x6842;&#26690;&unknown; & bare</q><r/><s k='v &quot;w&quot;'/></a>\n\u{0}\u{0}"
        let root = try read(text)
        #expect(root.childText("p") == "桂A<1>&2")
        #expect(root.childText("q") == "<&桂桂&unknown; & bare")
        #expect(root.child("r") != nil)
        #expect(root.child("s")?.attributes["k"] == "v \"w\"")
    }

    @Test("text around child elements stays with its element")
    func mixedText() throws {
        let root = try read("<a>x<b>inner</b>y</a>")
        #expect(root.text == "xy")
        #expect(root.childText("b") == "inner")
    }

    @Test("broken documents are refused", arguments: [
        ("<a><b></a>", "</a> closes <b>"), ("<a>", "document ends inside <a>"), ("<a><b", "document ends inside <a>"),
        ("", "no root element"), ("<a></a><b/>", "content after the root element"), ("text<a/>", "text before the root element"),
        ("<a x=1/>", "not quoted"), ("<a><![CDATA[x</a>", "unterminated CDATA"), ("</a>", "without a start tag"),
    ])
    func refused(_ text: String, _ reason: String) {
        do {
            _ = try read(text)
            Issue.record("\(text) was read")
        } catch {
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test("nesting deeper than the limit is refused, without deep recursion")
    func depth() {
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(throws: XMLReadError.self) { try read(deep) }
        let fine = String(repeating: "<a>", count: 60) + String(repeating: "</a>", count: 60)
        #expect(throws: Never.self) { try read(fine) }
    }
}
