namespace EventFrame.XRootD;

/// <summary>
/// Numbers of the XRootD wire protocol (XProtocol.hh of xrootd 5.x) that this client uses. Every integer on the wire is
/// big-endian. A request is a 24-byte header (stream id[2], request id[2], 16 request-specific bytes, payload length[4])
/// followed by the payload; a response is an 8-byte header (stream id[2], status[2], body length[4]) followed by the body.
/// </summary>
public static class XRootDProtocol
{
    /// <summary>Default TCP port of an XRootD server.</summary>
    public const int DefaultPort = 1094;

    /// <summary>Protocol version the client announces in kXR_protocol (5.2.0).</summary>
    public const int ClientProtocolVersion = 0x00000520;

    /// <summary>Size of a request header in bytes.</summary>
    public const int RequestHeaderSize = 24;

    /// <summary>Size of a response header in bytes.</summary>
    public const int ResponseHeaderSize = 8;

    /// <summary>Most segments one kXR_readv may carry (16384-byte read list of 16-byte elements).</summary>
    public const int MaxReadVSegments = 1024;

    /// <summary>Most bytes one kXR_readv segment may ask for (2 MiB buffer minus the 16-byte segment header).</summary>
    public const int MaxReadVSegmentBytes = 2097152 - 16;

    /// <summary>Size of one element of a kXR_readv read list and of each segment header in its response.</summary>
    public const int ReadVElementSize = 16;

    internal const ushort kXR_auth = 3000;
    internal const ushort kXR_close = 3003;
    internal const ushort kXR_dirlist = 3004;
    internal const ushort kXR_protocol = 3006;
    internal const ushort kXR_login = 3007;
    internal const ushort kXR_open = 3010;
    internal const ushort kXR_ping = 3011;
    internal const ushort kXR_read = 3013;
    internal const ushort kXR_stat = 3017;
    internal const ushort kXR_readv = 3025;

    internal const ushort kXR_ok = 0;
    internal const ushort kXR_oksofar = 4000;
    internal const ushort kXR_attn = 4001;
    internal const ushort kXR_authmore = 4002;
    internal const ushort kXR_error = 4003;
    internal const ushort kXR_redirect = 4004;
    internal const ushort kXR_wait = 4005;
    internal const ushort kXR_waitresp = 4006;
    internal const ushort kXR_status = 4007;

    internal const int kXR_asynresp = 5008;

    // kXR_protocol request flags and expectations.
    internal const byte kXR_secreqs = 0x01;
    internal const byte kXR_ableTLS = 0x02;
    internal const byte kXR_wantTLS = 0x04;
    internal const byte kXR_ExpLogin = 0x03;

    // kXR_protocol response flags.
    internal const uint kXR_isServer = 0x00000001;
    internal const uint kXR_isManager = 0x00000002;
    internal const uint kXR_haveTLS = 0x80000000;
    internal const uint kXR_gotoTLS = 0x40000000;
    internal const uint kXR_tlsLogin = 0x04000000;

    // kXR_login capability: asynchronous responses, 2019 TLS-capable client.
    internal const byte kXR_asyncap = 128;
    internal const byte kXR_ver005 = 5;

    // kXR_open options.
    internal const ushort kXR_open_read = 0x0010;
    internal const ushort kXR_retstat = 0x0400;

    // kXR_dirlist options.
    internal const byte kXR_dstat = 2;

    /// <summary>Returns the protocol name of a request code (e.g. "kXR_read"), for messages.</summary>
    public static string RequestName(int requestId) => requestId switch
    {
        kXR_auth => "kXR_auth",
        kXR_close => "kXR_close",
        kXR_dirlist => "kXR_dirlist",
        kXR_protocol => "kXR_protocol",
        kXR_login => "kXR_login",
        kXR_open => "kXR_open",
        kXR_ping => "kXR_ping",
        kXR_read => "kXR_read",
        kXR_stat => "kXR_stat",
        kXR_readv => "kXR_readv",
        _ => $"request {requestId}",
    };

    /// <summary>Returns the name of an XRootD error code of a kXR_error response (e.g. "kXR_NotFound"), for messages.</summary>
    public static string ErrorName(int code) => code switch
    {
        3000 => "kXR_ArgInvalid", 3001 => "kXR_ArgMissing", 3002 => "kXR_ArgTooLong", 3003 => "kXR_FileLocked",
        3004 => "kXR_FileNotOpen", 3005 => "kXR_FSError", 3006 => "kXR_InvalidRequest", 3007 => "kXR_IOError",
        3008 => "kXR_NoMemory", 3009 => "kXR_NoSpace", 3010 => "kXR_NotAuthorized", 3011 => "kXR_NotFound",
        3012 => "kXR_ServerError", 3013 => "kXR_Unsupported", 3014 => "kXR_noserver", 3015 => "kXR_NotFile",
        3016 => "kXR_isDirectory", 3017 => "kXR_Cancelled", 3018 => "kXR_ItExists", 3019 => "kXR_ChkSumErr",
        3020 => "kXR_inProgress", 3021 => "kXR_overQuota", 3022 => "kXR_SigVerErr", 3023 => "kXR_DecryptErr",
        3024 => "kXR_Overloaded", 3025 => "kXR_fsReadOnly", 3026 => "kXR_BadPayload", 3027 => "kXR_AttrNotFound",
        3028 => "kXR_TLSRequired", 3029 => "kXR_noReplicas", 3030 => "kXR_AuthFailed", 3031 => "kXR_Impossible",
        3032 => "kXR_Conflict", 3033 => "kXR_TooManyErrs", 3034 => "kXR_ReqTimedOut", 3035 => "kXR_TimerExpired",
        _ => $"error {code}",
    };
}
