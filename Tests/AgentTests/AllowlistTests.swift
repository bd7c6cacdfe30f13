import Agent
import ConfigFile
import Foundation
import Testing
import Uplink

/// Who may post to the gateway, and where plain HTTP may go: no spelling of "everyone" passes.
@Suite("Address allowlists and loopback")
struct AllowlistTests {
    @Test("a prefix is digits from 1 to the address's bits; /0 and signed prefixes are refused", arguments: [
        "10.0.0.0/-0", "10.0.0.0/+8", "0.0.0.0/0", "::/0", "10.0.0.0/", "10.0.0.0/ 8", "10.0.0.0/0008", "10.0.0.0/33", "fd00::/129",
    ])
    func refusedBlocks(_ text: String) {
        #expect(AddressRange(text) == nil)
    }

    @Test("addresses and blocks that name devices are accepted", arguments: [
        ("192.168.10.0/24", "192.168.10.77", true), ("192.168.10.0/24", "192.168.11.1", false), ("10.1.2.3", "10.1.2.3", true),
        ("10.0.0.0/8", "::ffff:10.9.9.9", true), ("fd00::/8", "fd12::1", true), ("192.168.10.5/32", "192.168.10.6", false),
    ])
    func acceptedBlocks(_ text: String, _ address: String, _ inside: Bool) throws {
        #expect(try #require(AddressRange(text)).contains(address) == inside)
    }

    @Test("config check names an allow-all block for what it is")
    func allowAllInConfig() {
        let text = DriverSampleConfigTests.header + """
            [[devices]]
            id = "plate-1"
            kind = "plate-reader"
            driver = "hikvision-anpr"
            address = "192.168.1.64/-0"
            """
        #expect {
            try AgentConfig.parse(text, path: "a.toml")
        } throws: { error in
            (error as? ConfigError)?.description.contains("a.toml:12: [[devices]] plate-1.address has \"192.168.1.64/-0\", which allows every address (/0)") == true
        }
    }

    @Test("loopback is localhost, ::1 and 127.0.0.0/8 written as an address; a name starting 127. is not", arguments: [
        ("localhost", true), ("127.0.0.1", true), ("127.8.9.10", true), ("[::1]", true), ("::1", true),
        ("127.evil.example", false), ("127.0.0.1.nip.io", false), ("127", false), ("127.1", false), ("128.0.0.1", false), ("example.net", false),
    ])
    func loopback(_ host: String, _ expected: Bool) {
        #expect(UplinkSettings.isLoopback(host: host) == expected, "\(host)")
    }
}
