import Foundation

/// Lane configuration for tests that run a whole daemon with a lane on a simulated chip.
public enum TestLaneConfig {
    /// Writes the test's people pack into `directory`, which the caller keeps alive.
    public static func rulePack(in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("people.toml")
        try """
        [pack]
        name = "test-people"
        version = "1"
        [thresholds]
        collect_timeout_seconds = 1
        liveness_required = false
        [require]
        people = ["document", "face"]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A people lane P1 on a simulated GPIO chip, fed by a face terminal on the gateway
    /// (port chosen by the kernel), using the pack at `rules`.
    public static func peopleLane(rules: String) -> String {
        """
        [http]
        listen = "127.0.0.1:0"

        [evidence]
        seal_to = "\(Data(repeating: 7, count: 32).base64EncodedString())"

        [[devices]]
        id = "face-1"
        kind = "face-terminal"
        driver = "hikvision-access"
        address = "127.0.0.1"

        [[lanes]]
        id = "P1"
        kind = "people"
        devices = ["face-1"]
        rules = "\(rules)"
        [lanes.gpio]
        chip = "simulated"
        passage = "P1_PASSAGE"
        turnstile = "P1_TURNSTILE"
        green = "P1_GREEN"
        red = "P1_RED"
        """
    }
}
