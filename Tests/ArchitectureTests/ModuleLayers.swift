import Foundation

/// The package's modules in layers, lowest first. A module may import only modules of a lower
/// layer: arrows point down, and modules of one layer do not know each other (no driver family
/// imports another, the rules import no driver). docs/architecture.md draws the same picture.
enum ModuleLayers {
    static let layers: [(name: String, modules: Set<String>)] = [
        ("foundation", ["LaneModel", "CTimex", "CZlib", "CPTY", "CLibUSB", "CGPIOD", "CLibCrypto", "CPCSC"]),
        ("domain and formats", ["CrossingCodes", "Records", "ConfigFile", "ConnectionLimits", "DeviceKit", "DocumentSecurity"]),
        ("document chips", ["EPassport"]),
        ("storage, contract, devices, rules", [
            "Journal", "ClearanceProtocol", "Rules", "Scales", "PlateReaders", "CodeReaders", "ContainerScanners", "Biometrics", "ChipReaders", "USB",
            "LaneIO", "LaneAgentTesting", "HTTPServing",
        ]),
        ("flows", ["Lanes", "Uplink", "ClearanceReceiver"]),
        ("composition", ["Agent", "ClearancePostgres"]),
        ("board tools", ["BoardTools", "AgentTesting"]),
        ("executables", ["laneagent", "clearance-receiver"]),
    ]

    /// The layer index of `module`, or nil when it is not in the table.
    static func layer(of module: String) -> Int? {
        layers.firstIndex { $0.modules.contains(module) }
    }

    /// Every module's own imports (by module name), from its Swift files under `root`.
    static func imports(root: URL) throws -> [String: [Import]] {
        var result: [String: [Import]] = [:]
        for folder in ["Sources", "drivers"] {
            let base = root.appendingPathComponent(folder)
            for module in try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() {
                let moduleURL = base.appendingPathComponent(module)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: moduleURL.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                var found: [Import] = []
                let files = FileManager.default.enumerator(atPath: moduleURL.path)?.compactMap { $0 as? String } ?? []
                for file in files.sorted() where file.hasSuffix(".swift") {
                    let text = try String(contentsOf: moduleURL.appendingPathComponent(file), encoding: .utf8)
                    found += parseImports(text, file: "\(folder)/\(module)/\(file)")
                }
                result[module] = found
            }
        }
        return result
    }

    /// One `import` line: the module named and where it was.
    struct Import: Equatable {
        let module: String
        let location: String
    }

    /// The modules `text` imports, with any attribute or access level in front (`@testable`,
    /// `public`, `internal`) and any kind (`import struct Foo.Bar`) understood.
    static func parseImports(_ text: String, file: String) -> [Import] {
        var found: [Import] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var words = line.split(separator: " ").map(String.init)
            while let first = words.first, first.hasPrefix("@") || ["public", "internal", "package", "private", "fileprivate"].contains(first) {
                words.removeFirst()
            }
            guard words.first == "import", words.count >= 2 else { continue }
            let kinds: Set<String> = ["struct", "class", "enum", "protocol", "typealias", "func", "let", "var"]
            let path = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
            let module = String(path.split(separator: ".").first ?? "")
            found.append(Import(module: module, location: "\(file):\(number + 1)"))
        }
        return found
    }

    /// Every import of a package module that does not point to a lower layer, or a package module
    /// missing from the table, as one line each. `packageModules` tells ours from the toolchain's
    /// and the dependencies'.
    static func violations(_ imports: [String: [Import]], packageModules: Set<String>) -> [String] {
        var problems: [String] = []
        for (module, list) in imports.sorted(by: { $0.key < $1.key }) {
            guard let own = layer(of: module) else {
                problems.append("\(module) is in no layer of Tests/ArchitectureTests/ModuleLayers.swift; place it there")
                continue
            }
            for item in list where packageModules.contains(item.module) && item.module != module {
                guard let target = layer(of: item.module) else { continue }  // reported as its own module
                if target >= own {
                    let how = target == own ? "beside it in layer \"\(layers[own].name)\"" : "above it, in layer \"\(layers[target].name)\""
                    problems.append("\(item.location): \(module) imports \(item.module), which is \(how)")
                }
            }
        }
        return problems
    }
}
