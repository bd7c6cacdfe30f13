@testable import Agent
import ConfigFile
import Testing

@Suite("TOML parser")
struct TOMLParserTests {
    @Test("reads TOML 1.0 values and remembers each key's line")
    func values() throws {
        let root = try TOMLParser.parse("""
            # comment
            title = "Hữu Nghị \\"1119\\"" # trailing comment
            [agent]
            count = 1_000
            hex = 0xff
            ratio = -2.5e3
            on = true
            when = 1979-05-27T07:32:00Z
            day = 1979-05-27
            literal = 'C:\\path'
            list = [
              1,
              2, # two
            ]
            inline = { a = 1, b.c = "x" }
            multi = \"\"\"
            line one \\
              continued\"\"\"
            raw = '''
            keep \\n as is'''
            "quoted key" = 3
            site.name = "dotted"
            [[devices]]
            id = "scale-1"
            [[devices]]
            id = "plate-1"
            """)
        guard case .string("Hữu Nghị \"1119\"")? = root["title"]?.value else { Issue.record("title"); return }
        guard case .table(let agent)? = root["agent"]?.value else { Issue.record("agent"); return }
        #expect(agent.line == 3)
        #expect(agent["count"]?.line == 4)
        if case .integer(let count)? = agent["count"]?.value { #expect(count == 1000) } else { Issue.record("count") }
        if case .integer(let hex)? = agent["hex"]?.value { #expect(hex == 255) } else { Issue.record("hex") }
        if case .float(let ratio)? = agent["ratio"]?.value { #expect(ratio == -2500) } else { Issue.record("ratio") }
        if case .datetime(let when)? = agent["when"]?.value { #expect(when == "1979-05-27T07:32:00Z") } else { Issue.record("when") }
        if case .string(let literal)? = agent["literal"]?.value { #expect(literal == "C:\\path") } else { Issue.record("literal") }
        if case .array(let list)? = agent["list"]?.value { #expect(list.map(\.line) == [12, 13]) } else { Issue.record("list") }
        if case .string(let multi)? = agent["multi"]?.value { #expect(multi == "line one continued") } else { Issue.record("multi") }
        if case .string(let raw)? = agent["raw"]?.value { #expect(raw == "keep \\n as is") } else { Issue.record("raw") }
        #expect(agent["quoted key"]?.line == 21)
        if case .table(let site)? = agent["site"]?.value { #expect(site["name"]?.line == 22) } else { Issue.record("site") }
        if case .array(let devices)? = root["devices"]?.value {
            #expect(devices.map(\.line) == [23, 25])
        } else {
            Issue.record("devices")
        }
    }

    @Test("reports syntax and structure errors at their line", arguments: [
        ("a = 1\nb = \n", 2, "expected a value"),
        ("a = 1\na = 2\n", 2, "duplicate key"),
        ("[t]\nx = 1\n[t]\n", 3, "defined twice"),
        ("s = \"open\n", 1, "unterminated string"),
        ("x = 1 2\n", 1, "expected the end of the line"),
        ("\n\nv = yes\n", 3, "not a valid value"),
        ("n = 007\n", 1, "not a valid value"),
        ("[a\nx=1", 1, "expected ']'"),
        ("arr = [1, 2\n", 2, "expected ',' or ']'"),
        ("t = { a = 1\n", 1, "inline table"),
        ("a = 1\na.b = 2\n", 2, "cannot add"),
    ])
    func errors(text: String, line: Int, message: String) {
        #expect {
            _ = try TOMLParser.parse(text)
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }
}
