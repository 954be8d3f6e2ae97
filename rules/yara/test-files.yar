/*
 * Vigil's own YARA rules: test files that exercise an anti-malware pipeline end to end.
 * Loaded by `vigil scan malware` and the agent's real-time watcher when no --rules are given.
 */

rule vigil_eicar_test_file : testfile
{
    meta:
        description = "EICAR anti-malware test file"
        reference = "https://www.eicar.org/download-anti-malware-testfile/"
    strings:
        $marker = "$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!"
    condition:
        // The file starts with the 68-byte test string ("X5O!"), at most followed by whitespace.
        uint32(0) == 0x214f3558 and $marker and filesize <= 128
}
