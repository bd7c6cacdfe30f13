import Lanes
import Testing

@Suite struct LanesModuleTests {
    @Test func moduleLinks() {}
}
