import Biometrics
import Testing

@Suite("Biometrics catalogue")
struct BiometricsCatalogueTests {
    @Test("the family lists its drivers")
    func catalogue() { #expect(BiometricDrivers.all.allSatisfy { !$0.name.isEmpty }) }
}
