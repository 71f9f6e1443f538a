/*
 * drvcheck_annotate_save.h / drvcheck_annotate_restore.h - bracket an
 * #include_next of a mingw-w64 SAL header that defines the IRQL and
 * function-class annotations as empty macros. "save" stashes the current
 * (annotate) definitions with #pragma push_macro and undefines them, so the
 * mingw header defines its empty versions without a redefinition; "restore"
 * drops the empty versions, pops the saved ones back, and re-provides any that
 * were not defined before (drvcheck_annotate.h). No include guard: used twice.
 */
#pragma push_macro("_IRQL_requires_")
#pragma push_macro("__drv_requiresIRQL")
#pragma push_macro("_IRQL_requires_max_")
#pragma push_macro("__drv_maxIRQL")
#pragma push_macro("_IRQL_requires_min_")
#pragma push_macro("__drv_minIRQL")
#pragma push_macro("_IRQL_raises_")
#pragma push_macro("__drv_raisesIRQL")
#pragma push_macro("_IRQL_requires_same_")
#pragma push_macro("__drv_sameIRQL")
#pragma push_macro("_IRQL_saves_")
#pragma push_macro("__drv_savesIRQL")
#pragma push_macro("_IRQL_restores_")
#pragma push_macro("__drv_restoresIRQL")
#pragma push_macro("_Function_class_")
#pragma push_macro("__drv_functionClass")
#undef _IRQL_requires_
#undef __drv_requiresIRQL
#undef _IRQL_requires_max_
#undef __drv_maxIRQL
#undef _IRQL_requires_min_
#undef __drv_minIRQL
#undef _IRQL_raises_
#undef __drv_raisesIRQL
#undef _IRQL_requires_same_
#undef __drv_sameIRQL
#undef _IRQL_saves_
#undef __drv_savesIRQL
#undef _IRQL_restores_
#undef __drv_restoresIRQL
#undef _Function_class_
#undef __drv_functionClass
