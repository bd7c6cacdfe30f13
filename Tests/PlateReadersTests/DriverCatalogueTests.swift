import PlateReaders
import Testing

@Suite("PlateReaders catalogue")
struct PlateReadersCatalogueTests {
    @Test("the family lists its drivers")
    func catalogue() { #expect(PlateReaderDrivers.all.allSatisfy { !$0.name.isEmpty }) }
}
