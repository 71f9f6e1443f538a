/*
 * drvcheck_annotate_restore.h - second half of the bracket described in
 * drvcheck_annotate_save.h. No include guard: used twice.
 */
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
#pragma pop_macro("_IRQL_requires_")
#pragma pop_macro("__drv_requiresIRQL")
#pragma pop_macro("_IRQL_requires_max_")
#pragma pop_macro("__drv_maxIRQL")
#pragma pop_macro("_IRQL_requires_min_")
#pragma pop_macro("__drv_minIRQL")
#pragma pop_macro("_IRQL_raises_")
#pragma pop_macro("__drv_raisesIRQL")
#pragma pop_macro("_IRQL_requires_same_")
#pragma pop_macro("__drv_sameIRQL")
#pragma pop_macro("_IRQL_saves_")
#pragma pop_macro("__drv_savesIRQL")
#pragma pop_macro("_IRQL_restores_")
#pragma pop_macro("__drv_restoresIRQL")
#pragma pop_macro("_Function_class_")
#pragma pop_macro("__drv_functionClass")
#include "drvcheck_annotate.h"
