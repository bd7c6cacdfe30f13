import ContainerScanners
import Testing

@Suite("ContainerScanners catalogue")
struct ContainerScannersCatalogueTests {
    @Test("the family lists its drivers")
    func catalogue() { #expect(ContainerScannerDrivers.all.allSatisfy { !$0.name.isEmpty }) }
}
