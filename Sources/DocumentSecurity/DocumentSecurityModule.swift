// DocumentSecurity: passive and active authentication of travel-document chips (ICAO 9303 part 11).
