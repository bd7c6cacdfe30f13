import CodeReaders
import Testing

@Suite("CodeReaders catalogue")
struct CodeReadersCatalogueTests {
    @Test("the family lists its drivers")
    func catalogue() { #expect(CodeReaderDrivers.all.allSatisfy { !$0.name.isEmpty }) }
}
