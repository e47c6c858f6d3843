#!/usr/bin/env python3
"""Replays the calls PowerShell's CIM layer (Microsoft.Management.Infrastructure, MMI) makes
to serialize and deserialize on Linux, through ctypes, against the libmi.so given as the
first argument:

* MI_Application_InitializeV1 (MI_MAIN_CALL), then NewSerializer / NewDeserializer through
  the application's function table for both "MI_XML" and "MI_MOF_CIMV2_EXTV1" (on Linux
  MMI calls the table for both formats: MI_Application.NewSerializer, #else branch);
* the serializer and deserializer slots called through the function table MMI reads from
  the handle's reserved2 (MI_Serializer.FunctionTableOffset = offsetof(reserved2); for
  deserializers the table is MI_MOFDeserializerFT: the 6 slots and 2 MOF array slots);
* SerializeInstance / SerializeClass as MI_Serializer.SerializeInstance(flags, instance,
  out byte[]) does: a size query with a NULL buffer and length 0 (MI_RESULT_FAILED with the
  size, or OK), then the fill; flags 1 = InstanceSerializationOptions.IncludeClasses;
* DeserializeInstance / DeserializeClass with the returned buffer, Instance_GetClassName,
  Class_GetClassName; Close.
Prints one line per step and ends with "N passed, M failed".
"""
import ctypes as C
import sys

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)
    return cond


MI_RESULT_OK, MI_RESULT_FAILED = 0, 1
MI_UINT32, MI_STRING, MI_INSTANCE = 5, 13, 15
MI_FLAG_KEY = 1 << 12
R = C.c_uint32  # MI_Result


class Handle3(C.Structure):  # MI_Application: reserved1, reserved2, ft
    _fields_ = [("reserved1", C.c_uint64), ("reserved2", C.c_ssize_t), ("ft", C.c_void_p)]


class Handle2(C.Structure):  # MI_Serializer / MI_Deserializer: no ft member
    _fields_ = [("reserved1", C.c_uint64), ("reserved2", C.c_ssize_t)]


def slot(table_ptr, index, restype, *argtypes):
    """Function pointer `index` of the table at `table_ptr` (MI_CALL = C on Linux)."""
    addr = C.cast(table_ptr, C.POINTER(C.c_void_p))[index]
    return C.CFUNCTYPE(restype, *argtypes)(addr)


def main(path):
    lib = C.CDLL(path)
    init = lib.MI_Application_InitializeV1
    init.restype = R
    init.argtypes = [C.c_uint32, C.c_char_p, C.c_void_p, C.POINTER(Handle3)]
    app = Handle3()
    check(init(0, b"mmi-replay", None, C.byref(app)) == MI_RESULT_OK, "InitializeV1")
    aft = app.ft
    P = C.c_void_p
    new_instance = slot(aft, 3, R, C.POINTER(Handle3), C.c_char_p, P, C.POINTER(P))
    new_serializer = slot(aft, 7, R, C.POINTER(Handle3), C.c_uint32, C.c_char_p, C.POINTER(Handle2))
    new_deserializer = slot(aft, 8, R, C.POINTER(Handle3), C.c_uint32, C.c_char_p, C.POINTER(Handle2))

    # A CimInstance as a client builds it: NewInstance + AddElement through its ft.
    inst = P()
    check(new_instance(C.byref(app), b"MMI_Replay", None, C.byref(inst)) == MI_RESULT_OK, "NewInstance")
    ift = C.cast(inst, C.POINTER(P))[0]
    add_element = slot(ift, 8, R, P, C.c_char_p, P, C.c_uint32, C.c_uint32)
    value = (C.c_uint8 * 64)()
    s = C.c_char_p(b"replay-1")
    C.memmove(value, C.byref(s), C.sizeof(C.c_void_p))
    check(add_element(inst, b"Name", value, MI_STRING, MI_FLAG_KEY) == MI_RESULT_OK, "AddElement Name")
    C.memmove(value, C.byref(C.c_uint32(77)), 4)
    check(add_element(inst, b"Count", value, MI_UINT32, 0) == MI_RESULT_OK, "AddElement Count")
    get_class = slot(ift, 17, R, P, C.POINTER(P))
    cls = P()
    check(get_class(inst, C.byref(cls)) == MI_RESULT_OK, "Instance GetClass")

    def serialize(ser_ft, ser, which, flags, obj):
        fn = slot(ser_ft, which, R, C.POINTER(Handle2), C.c_uint32, P, P, C.c_uint32, C.POINTER(C.c_uint32))
        needed = C.c_uint32(0)
        r = fn(C.byref(ser), flags, obj, None, 0, C.byref(needed))
        if not check(r == MI_RESULT_OK or (r == MI_RESULT_FAILED and needed.value != 0), "size query"):
            return b""
        buf = C.create_string_buffer(needed.value)
        used = C.c_uint32(0)
        check(fn(C.byref(ser), flags, obj, buf, needed.value, C.byref(used)) == MI_RESULT_OK, "fill")
        return buf.raw[: needed.value]

    for fmt in (b"MI_XML", b"MI_MOF_CIMV2_EXTV1"):
        ser, des = Handle2(), Handle2()
        check(new_serializer(C.byref(app), 0, fmt, C.byref(ser)) == MI_RESULT_OK, f"NewSerializer {fmt}")
        check(new_deserializer(C.byref(app), 0, fmt, C.byref(des)) == MI_RESULT_OK, f"NewDeserializer {fmt}")
        if not (check(ser.reserved2 != 0, "serializer table at reserved2") and check(des.reserved2 != 0, "deserializer table at reserved2")):
            continue
        sft, dft = ser.reserved2, des.reserved2
        xml = fmt == b"MI_XML"
        flags = 1 if xml else 0  # IncludeClasses, as CimInstance's ISerializable does
        doc = serialize(sft, ser, 2, flags, inst)
        print(fmt.decode(), "instance:", doc[:80])
        check(doc.startswith(b"<CIM CIMVERSION=") if xml else b"instance of MMI_Replay" in doc, "instance document")
        cdoc = serialize(sft, ser, 1, 0, cls)
        check(b"MMI_Replay" in cdoc, "class document")

        # Deserialize: MI_Deserializer.DeserializeInstance / DeserializeClass.
        buf = C.create_string_buffer(doc, len(doc))
        des_inst = slot(dft, 4, R, C.POINTER(Handle2), C.c_uint32, P, C.c_uint32, P, C.c_uint32, P, P,
                        C.POINTER(C.c_uint32), C.POINTER(P), C.POINTER(P))
        read, out, err = C.c_uint32(0), P(), P()
        r = des_inst(C.byref(des), 0, buf, len(doc), None, 0, None, None, C.byref(read), C.byref(out), C.byref(err))
        if check(r == MI_RESULT_OK and out.value, f"DeserializeInstance {fmt} ({r})"):
            check(read.value == len(doc), "serializedBufferRead")
            oft = C.cast(out, C.POINTER(P))[0]
            get_element = slot(oft, 11, R, P, C.c_char_p, P, C.POINTER(C.c_uint32), C.POINTER(C.c_uint32),
                               C.POINTER(C.c_uint32))
            v = (C.c_uint8 * 64)()
            ty, fl = C.c_uint32(), C.c_uint32()
            check(get_element(out, b"Count", v, C.byref(ty), C.byref(fl), None) == MI_RESULT_OK, "GetElement")
            if xml:
                check(ty.value == MI_UINT32 and C.cast(v, C.POINTER(C.c_uint32))[0] == 77, "Count == 77")
            slot(oft, 2, R, P)(out)  # Delete
        name = C.create_string_buffer(64)
        length = C.c_uint32(64)
        get_name = slot(dft, 5, R, C.POINTER(Handle2), P, C.c_uint32, P, C.POINTER(C.c_uint32), C.POINTER(P))
        check(get_name(C.byref(des), buf, len(doc), name, C.byref(length), None) == MI_RESULT_OK
              and name.value == b"MMI_Replay", "Instance_GetClassName")

        cbuf = C.create_string_buffer(cdoc, len(cdoc))
        des_cls = slot(dft, 1, R, C.POINTER(Handle2), C.c_uint32, P, C.c_uint32, P, C.c_char_p, C.c_char_p, P, P,
                       C.POINTER(C.c_uint32), C.POINTER(P), C.POINTER(P))
        cout = P()
        r = des_cls(C.byref(des), 0, cbuf, len(cdoc), None, None, b"root/replay", None, None, C.byref(read),
                    C.byref(cout), C.byref(err))
        if check(r == MI_RESULT_OK and cout.value, f"DeserializeClass {fmt} ({r})"):
            cft = C.cast(cout, C.POINTER(P))[0]
            slot(cft, 12, R, P)(cout)  # MI_ClassFT.Delete
        length = C.c_uint32(64)
        get_cname = slot(dft, 2, R, C.POINTER(Handle2), P, C.c_uint32, P, C.POINTER(C.c_uint32), C.POINTER(P))
        check(get_cname(C.byref(des), cbuf, len(cdoc), name, C.byref(length), None) == MI_RESULT_OK
              and name.value == b"MMI_Replay", "Class_GetClassName")
        # The two MOF array slots MMI's table declares (MI_MOFDeserializerFT): for MOF,
        # DeserializeInstanceArray_MOF as MI_Deserializer.DeserializeInstanceArray calls it
        # (options NULL, the callbacks struct, no classes), the MI_ExtendedArray deleted
        # through the table at its reserved2.
        check(C.cast(dft, C.POINTER(P))[6] is not None and C.cast(dft, C.POINTER(P))[7] is not None, "MOF array slots")
        if not xml:
            callbacks = (P * 14)()
            arr_fn = slot(dft, 7, R, C.POINTER(Handle2), C.c_uint32, P, P, P, C.c_uint32, P, C.POINTER(C.c_uint32),
                          C.POINTER(P), C.POINTER(P))
            arr = P()
            r = arr_fn(C.byref(des), 0, None, callbacks, buf, len(doc), None, C.byref(read), C.byref(arr), C.byref(err))
            if check(r == MI_RESULT_OK and arr.value, f"DeserializeInstanceArray_MOF ({r})"):
                size = C.cast(arr.value + C.sizeof(C.c_void_p), C.POINTER(C.c_uint32))[0]
                check(size == 1, "one instance in the array")
                ext_ft = C.cast(arr.value + 24, C.POINTER(P))[0]  # reserved2 of MI_ExtendedArray
                slot(ext_ft, 0, None, P)(arr)

        check(slot(sft, 0, R, C.POINTER(Handle2))(C.byref(ser)) == MI_RESULT_OK, "Serializer Close")
        check(slot(dft, 0, R, C.POINTER(Handle2))(C.byref(des)) == MI_RESULT_OK, "Deserializer Close")

    cft = C.cast(cls, C.POINTER(P))[0]
    slot(cft, 12, R, P)(cls)
    slot(ift, 2, R, P)(inst)
    close = slot(aft, 0, R, C.POINTER(Handle3))
    check(close(C.byref(app)) == MI_RESULT_OK, "Application Close")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
