import Foundation
import LaneAgentTesting

/// A passport card image for vicc, built by `Scripts/vicc_passport.py` with a test CSCA and
/// document signer the openssl CLI makes; `insert(port:)` runs vicc with it, which puts the
/// card on vpcd's reader until the returned process is killed.
struct VirtualPassport {
    /// The ICAO 9303 specimen holder with an expiry in 2031.
    static let mrz = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F3104150ZE184226B<<<<<16"]

    /// Keeps the image's folder until the value goes.
    let owner: TemporaryDirectory
    /// The folder the script wrote the card's files to.
    let path: String

    /// The test CSCA's certificate (DER), the trust anchor passive authentication must find.
    var csca: [UInt8] { get throws { try Array(Data(contentsOf: URL(fileURLWithPath: path + "/csca.der"))) } }
    /// One of the card's files as built: `com`, `dg1`, `dg2`, `sod`.
    func file(_ name: String) throws -> [UInt8] { try Array(Data(contentsOf: URL(fileURLWithPath: path + "/\(name).bin"))) }

    /// Builds an image; `face` is DG2's JPEG, `tamperDG1` changes DG1 after EF.SOD was signed.
    static func build(mrz: [String] = mrz, face: [UInt8]? = nil, tamperDG1: Bool = false) async throws -> VirtualPassport {
        let directory = TemporaryDirectory("vicc")
        var arguments = [VirtualReader.script, "build", directory.file("card"), "--mrz"] + mrz
        if let face {
            try Data(face).write(to: URL(fileURLWithPath: directory.file("face.jpg")))
            arguments += ["--face", directory.file("face.jpg")]
        }
        if tamperDG1 { arguments.append("--tamper-dg1") }
        let output = try await CommandRunner.run("/usr/bin/python3", arguments)
        guard output.status == 0 else { throw HarnessError("vicc_passport.py build failed (\(output.status)): \(output.stderr)") }
        return VirtualPassport(owner: directory, path: directory.file("card"))
    }

    /// Runs vicc with this card against vpcd's `port`; kill the process to take the card away.
    func insert(port: Int) throws -> ChildProcess {
        try ChildProcess("/usr/bin/python3", [VirtualReader.script, "serve", path, "--port", String(port)])
    }
}
