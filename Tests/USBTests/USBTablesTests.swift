import DeviceKit
import Testing
import USB

/// The id tables hold exactly the well-known devices, once each.
@Suite("USB id tables")
struct USBTablesTests {
    @Test("the USB-serial bridges are the well-known chips")
    func bridges() {
        #expect(Set(USBSerialBridges.all.map(\.id)) == [
            "0403:6001", "0403:6010", "0403:6015", "067b:2303", "10c4:ea60", "1a86:7523", "1a86:5523", "1a86:55d4",
        ])
    }

    @Test("the fingerprint readers are libfprint's DigitalPersona U.are.U ids (docs/protocols.md, USB fingerprint readers)")
    func fingerprintReaders() {
        #expect(Set(USBFingerprintReaders.all.map(\.id)) == ["05ba:000a", "05ba:0007", "05ba:0008"])
    }

    @Test("no id is in two tables or twice in one")
    func unique() {
        let ids = (USBSerialBridges.all + USBFingerprintReaders.all).map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}
