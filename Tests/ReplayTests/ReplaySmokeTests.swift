import Agent
import Testing

@Suite struct ReplayModuleTests {
    @Test func moduleLinks() {}
}
