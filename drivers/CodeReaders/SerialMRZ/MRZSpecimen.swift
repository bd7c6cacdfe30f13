/// ICAO's published specimen zones (ICAO 9303 parts 4 and 5, fictional holder "Anna Maria
/// Eriksson" of the fictional state Utopia): every check digit verifies. For simulators and
/// tests; they identify nobody.
public enum MRZSpecimen {
    /// The TD3 passport specimen, 2 × 44.
    public static let td3 = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]

    /// The TD1 identity card specimen, 3 × 30.
    public static let td1 = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]
}
