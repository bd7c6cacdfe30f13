import Foundation
import Testing

/// Arrows one way: a module imports only modules below it.
@Suite("Module imports point down")
struct ImportRuleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every module of Sources/ and drivers/ imports only modules of a lower layer")
    func importsPointDown() throws {
        let imports = try ModuleLayers.imports(root: Self.root)
        #expect(imports.count >= 20, "found only \(imports.keys.sorted()) under \(Self.root.path)")
        let problems = ModuleLayers.violations(imports, packageModules: Set(imports.keys))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("an import upward, one sideways and a module missing from the table are each reported")
    func plantedProblemsAreFound() {
        let planted: [String: [ModuleLayers.Import]] = [
            "Rules": ModuleLayers.parseImports("import LaneModel\n@testable import Agent\nimport Foundation\n", file: "Sources/Rules/A.swift"),
            "Scales": ModuleLayers.parseImports("public import struct PlateReaders.PlateReport\n", file: "drivers/Scales/B.swift"),
            "NewFamily": ModuleLayers.parseImports("import DeviceKit\n", file: "drivers/NewFamily/C.swift"),
        ]
        let problems = ModuleLayers.violations(planted, packageModules: ["Rules", "Agent", "LaneModel", "Scales", "PlateReaders", "DeviceKit", "NewFamily"])
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("Sources/Rules/A.swift:2: Rules imports Agent, which is above it") })
        #expect(problems.contains { $0.hasPrefix("drivers/Scales/B.swift:1: Scales imports PlateReaders, which is beside it") })
        #expect(problems.contains { $0.hasPrefix("NewFamily is in no layer") })
    }

    @Test("no module of the foundation or domain layers imports the daemon's test support or a server library")
    func lowLayersStaySmall() throws {
        let imports = try ModuleLayers.imports(root: Self.root)
        let heavy: Set<String> = ["Hummingbird", "HummingbirdCore", "AsyncHTTPClient", "GRDB", "ServiceLifecycle", "NIOPosix"]
        for module in ModuleLayers.layers[0].modules.union(ModuleLayers.layers[1].modules) {
            let pulled = (imports[module] ?? []).filter { heavy.contains($0.module) }
            #expect(pulled.isEmpty, "\(module): \(pulled.map { "\($0.location) imports \($0.module)" })")
        }
    }
}
