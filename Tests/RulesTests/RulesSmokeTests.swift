import Rules
import Testing

@Suite struct RulesModuleTests {
    @Test func moduleLinks() {}
}
