import LaneIO
import Testing

@Suite struct LaneIOModuleTests {
    @Test func moduleLinks() {}
}
