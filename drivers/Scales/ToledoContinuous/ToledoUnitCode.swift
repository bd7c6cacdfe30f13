/// Status word C bits 0–2 of Toledo continuous output: the unit, when it is not the kg or lb
/// that status B bit 4 chooses (`docs/protocols.md`, "Toledo status words").
enum ToledoUnitCode {
    /// The unit for `code` (0–7), with status B bit 4 (`kilograms`) deciding code 0; or why
    /// no weight in kg can be had from it.
    static func unit(code: UInt8, kilograms: Bool) -> Result<WeightUnit, Refusal> {
        switch code & 0x07 {
        case 0: .success(kilograms ? .kg : .lb)
        case 1: .success(.g)
        case 2: .success(.t)
        case 3: .success(.oz)
        // The terminal firmware's own table sends neither; no source says what they mean.
        case 4, 5: .failure(Refusal(code: code & 0x07, name: "not in the terminal's unit table"))
        // US terminals mean the short ton, others the long one: 12 % apart, so no guess.
        case 6: .failure(Refusal(code: 6, name: "tons (short or long: not said)"))
        default: .failure(Refusal(code: 7, name: "newtons (a force, not a mass)"))
        }
    }

    /// A status C unit LaneAgent cannot turn into kilograms.
    struct Refusal: Error {
        let code: UInt8
        let name: String
    }
}
