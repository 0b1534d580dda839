# Configuración de nbgrader para la tarea de ejemplo. Este directorio es la
# raíz del curso: source/tarea/tarea.ipynb es la tarea con las soluciones
# (una copia de tarea-solucion.ipynb), release/ la versión de los estudiantes,
# submitted/ las entregas, autograded/ y feedback/ lo que escribe nbgrader.
c = get_config()  # noqa: F821 (nbgrader define get_config al leer este archivo)

c.CourseDirectory.course_id = "sobreajuste"

# Lo que ve el estudiante donde estaba la solución (y en las respuestas de texto).
c.ClearSolutions.code_stub = {
    "python": '# TU CÓDIGO AQUÍ\nraise NotImplementedError("completa esta función")',
}
c.ClearSolutions.text_stub = "TU RESPUESTA AQUÍ"

# Los comprobadores limitan cada caso a 2 s; este es el límite de nbgrader
# para una celda entera, por si algo escapa a ese control.
c.ExecutePreprocessor.timeout = 120
